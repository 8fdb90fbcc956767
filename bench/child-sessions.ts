// Runs in a fresh process (node --expose-gc --import tsx): the heap one sign-in session keeps, and what each
// refresh adds, in the mock's session store with its real signer. Arguments: SESSIONS USERS.
import { SessionStore } from '../src/data/sessions.js'
import { TokenSigner } from '../src/data/tokens.js'

const [sessionCount, userCount] = process.argv.slice(2).map(Number) as [number, number]
const heap = () => {
  globalThis.gc!()
  globalThis.gc!()
  return process.memoryUsage().heapUsed
}
const signer = new TokenSigner('flashback-bench')
const users = Array.from({ length: userCount }, (_, i) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, email: `user${i}@bench.dev`, orgId: null }))
const sessions = new SessionStore(() => 1_800_000_000_000, (claims) => signer.sign(claims))
// Every sign-in records its device, as a login does: each user signs in from one of three browsers.
const DEVICES = [
  { userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36', deviceType: 'DESKTOP', os: 'macOS', browser: 'Chrome' },
  { userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1', deviceType: 'MOBILE', os: 'iOS', browser: 'Safari' },
  { userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', deviceType: 'DESKTOP', os: 'Linux', browser: 'Firefox' },
] as const
const signInFrom = (i: number) => ({ loginMethod: 'PASSWORD', device: { ...DEVICES[i % DEVICES.length]!, ipAddress: `192.0.2.${i % 250}` } })
// Warm: the modules, the code paths and the bounded cache of recognised tokens are there before the baseline.
for (const user of users.slice(0, 10)) sessions.start(user)
for (let i = 0; i < 2000; i++) sessions.sessionOfRefreshToken(sessions.start(users[i % 10]!, signInFrom(i)).refreshToken)
sessions.clear()

// Tokens are kept as the flat strings a client would hold, so their size is known exactly: a string of
// n one-byte characters is n bytes and a header, and an array slot holds it.
const flat = (token: string) => Buffer.from(token, 'latin1').toString('latin1')
const tokenBytes = (tokens: string[]) => tokens.reduce((sum, token) => sum + token.length + 16 + 4, 0)

const baseline = heap()
const issued: string[] = []
for (let i = 0; i < sessionCount; i++) issued.push(flat(sessions.start(users[i % userCount]!, signInFrom(Math.floor(i / userCount))).refreshToken))
const kept = sessions.size
const withSessions = heap() - tokenBytes(issued)
// Each client refreshes and drops its old token, as a client does: twice, and what the second round adds is
// what a refresh costs once a session is in use (the first also settles what starting left behind).
const refreshAll = () => {
  for (let i = 0; i < issued.length; i++) {
    const session = sessions.sessionOfRefreshToken(issued[i]!)
    if (session) issued[i] = flat(sessions.rotate(session, users[i % userCount]!).refreshToken)
  }
  return heap() - tokenBytes(issued)
}
const afterOneRefresh = refreshAll()
const afterTwoRefreshes = refreshAll()
console.log(JSON.stringify({
  sessions: kept,
  bytesPerSession: (withSessions - baseline) / kept,
  bytesPerRefresh: (afterTwoRefreshes - afterOneRefresh) / issued.length,
  bytesPerSessionOnceRefreshed: (afterOneRefresh - baseline) / kept,
}))
