import { beforeEach, describe, expect, it } from 'vitest'
import { useKeyGenerator } from '../src/data/rsa-keys.js'
import { worldOf } from '../src/public/create-flashback-mock.js'
import { transports } from './support/transports.js'
import { ACME, GLOBEX, snapshot } from './support/world.js'

describe.each(transports)('organization keys through $name', ({ use }) => {
  const t = use()
  beforeEach(() => t.mock.reset())
  const keys = `/organization/${ACME}/key`
  const list = async () => (await t.request('GET', keys, { as: 'owner' })).body.data as { id: string; publicKey: string; orgId: string }[]

  it('answers the PEM file to a request that asks for it, and lists the public key', async () => {
    const response = await t.request('POST', keys, { as: 'administrator', headers: { Accept: 'application/x-pem-file' } })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/x-pem-file')
    expect(response.body).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n[\s\S]+\n-----END RSA PRIVATE KEY-----$/)
    const [key] = await list()
    expect(key).toMatchObject({ orgId: ACME, nodeKeys: [] })
    expect(key!.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/)
    expect(JSON.stringify(await list())).not.toContain('PRIVATE')
  })

  it("answers other users' reads and writes while a key is being generated, without waiting for it", async () => {
    // The key is held until both answers are in: were either to wait for it, this test would never end.
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    const generate = useKeyGenerator(async () => {
      await held
      return generate()
    })
    try {
      const answered: string[] = []
      const key = t.request('POST', keys, { as: 'owner' }).then((r) => answered.push(`key ${r.status}`))
      const read = t.request('GET', '/user/profile', { as: 'globexOwner' }).then((r) => answered.push(`read ${r.status}`))
      const write = t.request('PUT', '/settings/user', { as: 'user', json: { theme: 'light' } }).then((r) => answered.push(`write ${r.status}`))
      await Promise.all([read, write])
      expect(answered.sort()).toEqual(['read 200', 'write 200'])
      release()
      await key
      expect(answered[2]).toBe('key 200')
    } finally {
      release()
      useKeyGenerator(generate)
    }
  })

  it('stores at most five keys when the fifth and a sixth are asked for at once, each checked again once its key is made', async () => {
    for (let i = 0; i < 4; i++) worldOf(t.mock).store.account.addKey({ id: `key-${i}`, orgId: ACME, publicKey: 'x', createdAt: '2024-01-15T10:30:00.000Z', nodeKeys: [] })
    const answers = await Promise.all([t.request('POST', keys, { as: 'owner' }), t.request('POST', keys, { as: 'administrator' })])
    expect(answers.map((a) => a.status).sort()).toEqual([200, 400])
    expect(await list()).toHaveLength(5)
  })

  it('answers the same PEM text as a JSON string to a client that reads JSON, as the official client does', async () => {
    const response = await t.request('POST', keys, { as: 'owner' })
    expect(response.headers.get('content-type')).toMatch(/application\/json/)
    expect(response.body).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/)
  })

  it('refuses a sixth key with the documented 400, and lists keys newest first', async () => {
    for (let i = 0; i < 5; i++) {
      worldOf(t.mock).store.account.addKey({ id: `key-${i}`, orgId: ACME, publicKey: 'x', createdAt: '2024-01-15T10:30:00.000Z', nodeKeys: [] })
    }
    expect((await list()).map((k) => k.id)).toEqual(['key-4', 'key-3', 'key-2', 'key-1', 'key-0'])
    const before = snapshot(t.mock)
    const sixth = await t.request('POST', keys, { as: 'owner' })
    expect(sixth.status).toBe(400)
    expect(sixth.body.message).toBe('Maximum number of organization keys (5) has been reached. Please delete existing keys before creating new ones.')
    expect(snapshot(t.mock)).toBe(before)
    expect((await t.request('DELETE', `${keys}/key-2`, { as: 'owner' })).status).toBe(200)
    expect((await t.request('DELETE', keys, { as: 'owner' })).body).toEqual({ success: true, message: '4 organization keys deleted successfully' })
    expect(await list()).toEqual([])
  })

  it("answers 404 for another organization's key, and 403 to another organization and to WORKSPACES", async () => {
    worldOf(t.mock).store.account.addKey({ id: 'key-globex', orgId: GLOBEX, publicKey: 'x', createdAt: '2024-01-15T10:30:00.000Z', nodeKeys: [] })
    expect((await t.request('DELETE', `${keys}/key-globex`, { as: 'owner' })).status).toBe(404)
    expect((await t.request('GET', `/organization/${GLOBEX}/key`, { as: 'owner' })).body).toEqual({ success: false, message: 'Access denied: you can only manage keys for your own organization' })
    expect((await t.request('GET', keys, { as: 'workspaces' })).body).toEqual({ success: false, message: 'Access denied: ADMINISTRATOR or OWNER role required to manage organization keys' })
  })
})
