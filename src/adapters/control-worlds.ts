import type { Fixture } from '../data/fixture.js'
import type { FixtureName } from '../data/fixtures.js'
import { WORLD_COOKIE, checkWorldName } from '../mock/world-name.js'
import { isFlashbackError } from '../operations/errors.js'
import { done, fieldProblem, problem, type ControlAnswer, type ControlHandler } from './control-answers.js'

const LOOPBACK_URL = /^https?:\/\/(localhost|127(?:\.\d{1,3}){3}|\[::1\])(:\d+)?(\/|$)/i

/** Where `enter` may send a browser on: a path of this server, or the app on a loopback origin; never another site. */
function isSafeDestination(then: string): boolean {
  return (then.startsWith('/') && !then.startsWith('//') && !then.startsWith('/\\')) || LOOPBACK_URL.test(then)
}

/** The name from the path, or the 400 naming the rule. */
function nameFrom(params: Record<string, string>): string | ControlAnswer {
  try {
    return checkWorldName(params.name ?? '')
  } catch (error) {
    if (!isFlashbackError(error)) throw error
    return fieldProblem('name', error.message)
  }
}

/** The endpoints that manage worlds: list, create, delete, and enter (the browser's cookie). */
export const controlWorldHandlers: Record<string, ControlHandler> = {
  listWorlds({ scope: { worlds } }) {
    return { status: 200, body: { worlds: worlds.list(), ttlMs: worlds.ttlMs, maxWorlds: worlds.maxWorlds } }
  },
  async createWorld({ scope: { worlds }, body }) {
    const spec = body()
    if (!spec.ok) return spec.result
    const name = spec.value.name as string
    const recipe = {
      ...(spec.value.fixture === undefined ? {} : { fixture: spec.value.fixture as FixtureName | Fixture }),
      ...(spec.value.seed === undefined ? {} : { seed: spec.value.seed as number }),
    }
    let made
    try {
      // Loaded before it takes the name: a broken fixture is refused here, and the world of that name stays as it was.
      const world = worlds.make(name, recipe)
      await world.ready()
      made = worlds.adopt(name, world)
    } catch (error) {
      if (isFlashbackError(error)) return fieldProblem('name', error.message)
      return fieldProblem('fixture', `The world's fixture cannot be loaded: ${(error as Error).message}`)
    }
    const summary = worlds.summary(name)!
    const message = made.created ? `World "${name}" made` : `World "${name}" made again`
    return { status: made.created ? 201 : 200, body: { success: true, message, world: summary } }
  },
  deleteWorld({ scope: { worlds }, params }) {
    const name = nameFrom(params)
    if (typeof name !== 'string') return name
    try {
      if (!worlds.delete(name)) return problem('NOT_FOUND', `No world "${name}" exists (GET /__mock/worlds lists them)`)
    } catch (error) {
      if (!isFlashbackError(error)) throw error
      return fieldProblem('name', error.message)
    }
    return done(200, `World "${name}" dropped: its next use makes it afresh`)
  },
  enterWorld({ params, query }) {
    const name = nameFrom(params)
    if (typeof name !== 'string') return name
    const parsed = query()
    if (!parsed.ok) return parsed.result
    const then = parsed.value.then as string | undefined
    if (then !== undefined && !isSafeDestination(then)) {
      return fieldProblem('then', `then must be a path on this server or a URL on a loopback origin, not "${then.slice(0, 100)}"`)
    }
    const headers: Record<string, string> = { 'Set-Cookie': `${WORLD_COOKIE}=${name}; Path=/; SameSite=Lax` }
    const message = `This browser is now in world "${name}"`
    if (then === undefined) return { ...done(200, message), headers }
    return { status: 302, body: { success: true, message }, headers: { ...headers, Location: then } }
  },
}
