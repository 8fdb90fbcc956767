import { describe, expect, it } from 'vitest'
import { createFlashbackMock } from '../src/index.js'
import { worldOf } from '../src/public/create-flashback-mock.js'
import { createFlashbackServer } from '../src/server.js'
import { npmStart } from './support/npm-start.js'

describe('fixtures', () => {
  it('gives the same data byte for byte for the same seed, large fixture included', async () => {
    const dump = async (seed: number) => {
      const mock = createFlashbackMock({ fixture: 'large', seed })
      await mock.ready()
      return JSON.stringify(mock.db.users.all())
    }
    const first = await dump(3)
    expect(await dump(3)).toBe(first)
    expect(await dump(4)).not.toBe(first)
    expect(JSON.parse(first)).toHaveLength(3503)
  })

  it('has an empty organization with just its OWNER', async () => {
    const mock = createFlashbackMock({ fixture: 'empty' })
    const list = await mock.request('/organization/users', {}, { as: 'OWNER' })
    expect(list.body.total).toBe(1)
  })

  it('switches fixture and seed at run time', async () => {
    const mock = createFlashbackMock()
    await mock.useFixture('empty')
    expect(mock.users()).toHaveLength(1)
    await mock.useFixture('default', 9)
    expect(worldOf(mock).seed).toBe(9)
    expect(mock.users().length).toBeGreaterThan(10)
  })

  it('serves a fixture file given to npm start, and switches fixture over the control API', async () => {
    const started = await npmStart(['--fixture', 'fixtures/empty.json'], /Olga Owner.*\n\s+Authorization: Bearer \S+\n/)
    try {
      expect(started.output).toMatch(/Olga Owner\s+owner@empty\.example\s+OWNER/)
    } finally {
      started.stop()
    }
    const server = createFlashbackServer()
    const url = await server.listen(0)
    try {
      const switched = await fetch(`${url}/__mock/fixture`, { method: 'POST', body: JSON.stringify({ fixture: 'empty', seed: 2 }) })
      expect(await switched.json()).toEqual({ success: true, message: 'Fixture "empty" loaded with seed 2' })
      expect((await (await fetch(`${url}/__mock/users`)).json()).users).toHaveLength(1)
      expect((await fetch(`${url}/__mock/fixture`, { method: 'POST', body: '{"fixture":"nope"}' })).status).toBe(400)
    } finally {
      await server.close()
    }
  })
})

describe('arrange helpers', () => {
  it('create a user of any role in one call, with a token that works', async () => {
    const mock = createFlashbackMock()
    const { user, token } = await mock.arrange.user({ orgRole: 254, name: 'Ada' })
    expect(user).toMatchObject({ name: 'Ada', orgRole: 254, orgId: '123e4567-e89b-12d3-a456-426614174000' })
    const profile = await mock.request('/user/profile', { headers: { Authorization: `Bearer ${token}` } })
    expect(profile.body.data).toMatchObject({ id: user.id, orgRoleDescription: 'ADMINISTRATORS' })
  })

  it('create an organization with its OWNER, who sees only it', async () => {
    const mock = createFlashbackMock()
    const { organization, owner } = await mock.arrange.organization({ name: 'Initech' })
    const list = await mock.request('/organization/users', {}, { as: owner.user.id })
    expect(list.body.data.map((u: { id: string }) => u.id)).toEqual([owner.user.id])
    const org = await mock.request(`/organization/${organization.id}`, {}, { as: owner.user.id })
    expect(org.body.data).toMatchObject({ name: 'Initech', domain: 'initech.example' })
  })
})
