// Runs in a process of its own, so that the client whose reads are timed does not share an event loop with the
// load: eight organizations that generate RSA keys in a loop (deleting them at the fifth) on the server at URL, each
// asking for a key at most every INTERVAL ms.
// Messages from the parent: 'start' and 'stop'; it answers 'ready' once the owners can write, and after each
// 'stop' the number of keys made since the start.
const [url, count, interval] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])]
const post = (path, body, auth) =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) }, body: JSON.stringify(body) })

const owners = await Promise.all(Array.from({ length: count }, async (_, i) => {
  const response = await post('/user/register', { email: `keys${i}@bench${i}.dev`, password: 'Password123!', firstName: 'Key', lastName: `Owner${i}`, companyName: `Keys ${i}`, isBusiness: true })
  const body = await response.json()
  // Writes wait for a verified e-mail: the owner opens the verification e-mail the outbox holds.
  const outbox = await fetch(`${url}/__mock/outbox?to=${encodeURIComponent(body.user.email)}`).then((r) => r.json())
  const verified = await post('/user/verify-email', { token: outbox.messages[0].token })
  if (!verified.ok) throw new Error(`the bench's key owner ${i} could not verify: ${verified.status} ${await verified.text()}`)
  return { token: body.accessToken, orgId: body.user.orgId }
}))

let generating = false
let made = 0
let loops = []
const generate = async (owner) => {
  while (generating) {
    const started = Date.now()
    const response = await post(`/organization/${owner.orgId}/key`, {}, owner.token)
    await response.text()
    if (response.status === 200) made++
    else await fetch(`${url}/organization/${owner.orgId}/key`, { method: 'DELETE', headers: { authorization: `Bearer ${owner.token}` } }).then((r) => r.text())
    const rest = started + interval - Date.now()
    if (rest > 0 && generating) await new Promise((resolve) => setTimeout(resolve, rest))
  }
}
process.on('message', async (message) => {
  if (message === 'start') {
    generating = true
    made = 0
    // The owners start a slice of the interval apart, as independent users would, not in step.
    loops = owners.map(async (owner, i) => {
      await new Promise((resolve) => setTimeout(resolve, (i * interval) / owners.length))
      return generate(owner)
    })
  } else if (message === 'stop') {
    generating = false
    await Promise.all(loops)
    process.send({ made })
  }
})
process.send('ready')
