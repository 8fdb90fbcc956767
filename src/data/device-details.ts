/** What a sign-in records of the device it comes from: the client's DeviceInfo, or what its User-Agent says. */
export interface DeviceDetails {
  userAgent: string
  deviceType: 'DESKTOP' | 'MOBILE' | 'TABLET'
  os: string
  browser: string
  ipAddress?: string
}

// Checked in order: the first that matches names the browser (Edge and Opera say "Chrome" too, Chrome says "Safari").
const BROWSERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/Edg(e|A|iOS)?\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/Chrome\/|CriOS\//, 'Chrome'],
  [/Safari\//, 'Safari'],
]
const SYSTEMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Android/, 'Android'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
]

const firstMatch = (table: ReadonlyArray<readonly [RegExp, string]>, text: string) => table.find(([pattern]) => pattern.test(text))?.[1] ?? 'Unknown'

/**
 * Device details read from a User-Agent header, for a sign-in that sent no `deviceInfo`: enough to tell a
 * phone's browser from a laptop's, no more. No header at all is an unknown desktop.
 * @example
 * deviceFromUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) … Mobile/15E148 Safari/604.1')
 * // { userAgent: '…', deviceType: 'MOBILE', os: 'iOS', browser: 'Safari' }
 */
export function deviceFromUserAgent(userAgent: string | null): DeviceDetails {
  const text = userAgent ?? ''
  const deviceType = /iPad|Tablet/.test(text) || (/Android/.test(text) && !/Mobile/.test(text)) ? 'TABLET' : /Mobi|iPhone|iPod/.test(text) ? 'MOBILE' : 'DESKTOP'
  return { userAgent: text, deviceType, os: firstMatch(SYSTEMS, text), browser: firstMatch(BROWSERS, text) }
}

// FNV-1a over UTF-16 code units, from a given start: two starts make 64 bits, enough to tell a user's devices apart.
function fnv1a(text: string, start: number): string {
  let hash = start
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0
  return hash.toString(16).padStart(8, '0')
}

/** A device's fingerprint: 16 hex digits from its user agent, os, browser and type (not its address, which changes). */
export function fingerprintOf(device: DeviceDetails): string {
  const text = [device.userAgent, device.os, device.browser, device.deviceType].join('\n')
  return fnv1a(text, 0x811c9dc5) + fnv1a(text, 0x050c5d1f)
}
