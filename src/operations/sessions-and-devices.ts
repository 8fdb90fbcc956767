import { deviceFromUserAgent, type DeviceDetails } from '../data/device-details.js'
import { DEVICE_TRUST_MS, type Device, type Session, type SessionOrigin } from '../data/sessions.js'
import type { OperationContext, Reply } from './context.js'
import { ApiError } from './errors.js'

const iso = (ms: number) => new Date(ms).toISOString()

/**
 * Where a sign-in comes from: the device its body's `deviceInfo` describes, else the one its User-Agent names.
 * @example
 * ctx.sessions.start(user, sessionOrigin(ctx, 'PASSWORD', ctx.body.deviceInfo))
 */
export function sessionOrigin(ctx: { userAgent: string | null }, loginMethod: string, deviceInfo?: DeviceDetails): SessionOrigin {
  if (!deviceInfo) return { loginMethod, device: deviceFromUserAgent(ctx.userAgent) }
  const { userAgent, deviceType, os, browser, ipAddress } = deviceInfo
  return { loginMethod, device: { userAgent, deviceType, os, browser, ...(ipAddress === undefined ? {} : { ipAddress }) } }
}

/** The client's SessionItem. */
export function presentSession(session: Session) {
  return {
    id: session.id,
    ...(session.ipAddress === null ? {} : { ipAddress: session.ipAddress }),
    startedAt: iso(session.createdAt),
    lastActivity: iso(session.lastActivityAt),
    expiresAt: iso(session.refreshExpiresAt),
    loginMethod: session.loginMethod,
  }
}

/** What the client and the mock's console show of a device at `now`: its name, its kind and its trust. */
export function presentDeviceSummary(device: Device, now: number) {
  const trusted = device.trustedUntil !== null && device.trustedUntil > now
  return {
    id: device.id,
    deviceName: `${device.browser} on ${device.os}`,
    deviceType: device.deviceType,
    isTrusted: trusted,
    ...(trusted ? { trustExpiresAt: iso(device.trustedUntil!) } : {}),
  }
}

/** The client's DeviceItem, from the device and its live sessions (oldest first). */
function presentDevice(device: Device, sessions: readonly Session[], now: number) {
  const { id, deviceName, deviceType, isTrusted, ...trust } = presentDeviceSummary(device, now)
  const ipAddress = [...sessions].reverse().find((s) => s.ipAddress !== null)?.ipAddress
  return {
    id,
    deviceName,
    deviceType,
    os: device.os,
    browser: device.browser,
    ...(ipAddress ? { ipAddress } : {}),
    isTrusted,
    trustLevel: isTrusted ? 'TRUSTED' : 'UNTRUSTED',
    lastSeen: iso(Math.max(...sessions.map((s) => s.lastActivityAt))),
    createdAt: iso(device.createdAt),
    ...trust,
    userAgent: device.userAgent,
    deviceFingerprint: device.fingerprint,
  }
}

type Ctx = Pick<OperationContext<'listDevices'>, 'caller' | 'sessions'>

function sessionOfCaller(ctx: Ctx, sessionId: string): Session {
  const session = ctx.sessions.liveSession(ctx.caller.id, sessionId)
  if (!session) throw new ApiError('NOT_FOUND', 'Session not found')
  return session
}

/** A device of the caller's with its live sessions; another user's device is not found either. */
function deviceOfCaller(ctx: Ctx, deviceId: string): { device: Device; sessions: Session[] } {
  const sessions = ctx.sessions.liveSessionsOfDevice(ctx.caller.id, deviceId)
  if (!sessions.length) throw new ApiError('NOT_FOUND', 'Device not found')
  return { device: sessions[0]!.device!, sessions }
}

/**
 * The caller's own sign-in sessions and the devices they come from. Every call is the caller's own: another
 * user's session or device is a 404, as an unknown one is.
 */
export const sessionAndDeviceResolvers = {
  listSessions(ctx: OperationContext<'listSessions'>): Reply<'listSessions'> {
    return { status: 200, body: { success: true, sessions: ctx.sessions.liveSessionsOf(ctx.caller.id).map(presentSession) } }
  },

  revokeSession(ctx: OperationContext<'revokeSession'>): Reply<'revokeSession'> {
    ctx.sessions.end(sessionOfCaller(ctx, ctx.params.sessionId))
    return { status: 200, body: { success: true, message: 'Session revoked successfully' } }
  },

  revokeAllSessions(ctx: OperationContext<'revokeAllSessions'>): Reply<'revokeAllSessions'> {
    ctx.sessions.endSessionsOf(ctx.caller.id)
    return { status: 200, body: { success: true, message: 'All sessions revoked successfully' } }
  },

  updateSessionHeartbeat(ctx: OperationContext<'updateSessionHeartbeat'>): Reply<'updateSessionHeartbeat'> {
    const session = sessionOfCaller(ctx, ctx.params.sessionId)
    ctx.sessions.recordActivity(session)
    return { status: 200, body: { success: true, message: 'Session heartbeat recorded', newExpiry: iso(session.refreshExpiresAt) } }
  },

  updateDeviceHeartbeat(ctx: OperationContext<'updateDeviceHeartbeat'>): Reply<'updateDeviceHeartbeat'> {
    const { sessions } = deviceOfCaller(ctx, ctx.params.deviceId)
    for (const session of sessions) ctx.sessions.recordActivity(session)
    const newExpiry = iso(Math.max(...sessions.map((s) => s.refreshExpiresAt)))
    return { status: 200, body: { success: true, message: 'Device heartbeat recorded', newExpiry } }
  },

  listDevices(ctx: OperationContext<'listDevices'>): Reply<'listDevices'> {
    const now = ctx.services.now().getTime()
    const devices = ctx.sessions.devicesOf(ctx.caller.id).map((device) => presentDevice(device, ctx.sessions.liveSessionsOfDevice(ctx.caller.id, device.id), now))
    return { status: 200, body: { success: true, devices } }
  },

  getDeviceDetails(ctx: OperationContext<'getDeviceDetails'>): Reply<'getDeviceDetails'> {
    const { device, sessions } = deviceOfCaller(ctx, ctx.params.deviceId)
    const body = { ...presentDevice(device, sessions, ctx.services.now().getTime()), sessions: sessions.map(presentSession) }
    return { status: 200, body: { success: true, device: body } }
  },

  trustDevice(ctx: OperationContext<'trustDevice'>): Reply<'trustDevice'> {
    const device = ctx.sessions.devicesOf(ctx.caller.id).find((d) => d.fingerprint === ctx.body.fingerprint)
    if (!device) throw new ApiError('NOT_FOUND', 'Device not found')
    device.trustedUntil = ctx.services.now().getTime() + DEVICE_TRUST_MS
    return { status: 200, body: { success: true, message: 'Device trusted successfully', trustExpiresAt: iso(device.trustedUntil) } }
  },

  untrustDevice(ctx: OperationContext<'untrustDevice'>): Reply<'untrustDevice'> {
    deviceOfCaller(ctx, ctx.params.deviceId).device.trustedUntil = null
    return { status: 200, body: { success: true, message: 'Device untrusted successfully' } }
  },

  removeDevice(ctx: OperationContext<'removeDevice'>): Reply<'removeDevice'> {
    for (const session of deviceOfCaller(ctx, ctx.params.deviceId).sessions) ctx.sessions.end(session)
    return { status: 200, body: { success: true, message: 'Device removed successfully' } }
  },
}
