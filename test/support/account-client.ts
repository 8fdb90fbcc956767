/**
 * A small client for the account calls, written from the reference sheets' transcription of the official
 * client's types (`@flashbacktech/flashbackclient` 0.3.13), not from the mock's own types: if the mock's
 * answers drift from what the client expects, tests that use it notice.
 */

export enum OrgRoles { USER = 0x00, BILLING = 0x01, WORKSPACES = 0x02, ADMINISTRATORS = 0xfe, OWNER = 0xff }

export interface ActionResponse { success: boolean; message?: string }
export interface UpdateUserRoleResponse {
  success: boolean
  data?: { userId: string; previousRole: number; newRole: number; message: string }
  message?: string
  error?: string
}
export interface UserUpdateRequest { name?: string; lastName?: string; password?: string }
export interface UserUpdateResponse { success: boolean; message: string }
export type PeriodType = 'ALL_TIME' | 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY'
export interface QuotaResponse {
  success: boolean
  subscription: { id: string; name: string; description: string }
  quotaUsage: { capability: { id: string; code: string; description: string; type: string; periodType: PeriodType }; usage: { current: number; max: number; percentage: number } }[]
}
export interface GetSettingsResponse { success: boolean; settings: Record<string, any> }
export interface UpdateSettingsRequest { settings: Record<string, any> }
export interface PartialUpdateSettingsRequest { [key: string]: any }
export interface DeleteSettingsRequest { keys: string[] }
export interface MFAStatus { isEnabled: boolean; isRequired: boolean; isEnforced: boolean; enabledMethods: ('GOOGLE_AUTH' | 'MAGIC_LINK' | 'PASSKEY')[]; primaryMethod?: string; sessionVerified?: boolean }
export type MFAType = 'GOOGLE_AUTH' | 'MAGIC_LINK' | 'PASSKEY'
export interface APIResponse<T = unknown> { success: boolean; data?: T; message?: string; error?: string }
export interface MFAActionResult { success: boolean; message?: string; error?: string }
export interface MFASetupRequest { mfaType: MFAType; email?: string; deviceInfo?: unknown }
export interface MFAVerificationSetupRequest { mfaType: MFAType; code?: string; credential?: unknown }
export interface MFAVerificationRequest { mfaType: MFAType; code?: string; token?: string; credential?: unknown; sessionId?: string; ipAddress?: string; userAgent?: string }
export interface MFAResetRequest { resetUserId: string | undefined; enable: boolean }
export interface PasskeyAuthOptionsResult { success: boolean; data?: { challenge: string; rpId: string; userVerification?: string; timeout?: number; allowCredentials?: { id: string; type?: 'public-key'; transports?: string[] }[] }; error?: string }
export interface MFAVerificationLoginResponse { success: boolean; message: string; fullAccessToken: string; refreshToken: string }
export interface MagicLinkActivationResponse { success: boolean; message: string; error?: string }
export interface MFAOrganizationEnforceResponse { success: boolean; data?: { success: boolean; message?: string; error?: string }; message?: string; error?: string }
export interface OrganizationKey { id: string; orgId: string; publicKey: string; createdAt: Date; nodeKeys: { keyId: string; nodeId: string }[] }
export interface GetOrganizationKeysResponse { success: boolean; data?: OrganizationKey[]; message: string }
export interface DeactivateResponse { success: boolean; error_code?: string; message?: string }
export interface RegisterBody {
  email: string; password: string; firstName: string; lastName: string; companyName: string; isBusiness: boolean
  companyWebsite?: string; phone?: string; address1?: string; address2?: string; city?: string; state?: string; zipcode?: string
  country?: string; website?: string; activationUid?: string; activationToken?: string
}
export interface RegisterResponse {
  success: boolean; accessToken?: string; refreshToken?: string; tokenId?: string; expiresAt?: number
  user?: { id: string; email: string; name: string; orgId?: string; orgRole?: number }
  error_code?: string; message?: string; verificationTokenId?: string
}
export interface PreVerifyEmailResponse { success: boolean; message: string; authMethod: string; hasPassword: boolean }
export interface ActivateUserRequest { uid: string; token: string; registrationInfo: RegisterBody }
export type ActivateUserResponse = Omit<RegisterResponse, 'verificationTokenId'>
export interface ResetPasswordBody { token: string; newPassword: string }

export interface DeviceInfo {
  userAgent: string; ipAddress?: string; deviceType: 'DESKTOP' | 'MOBILE' | 'TABLET'; os: string; browser: string
  screenResolution?: string; timezone?: string; language?: string; platform?: string; hardwareConcurrency?: number; deviceMemory?: number
}
export interface LoginBody { email: string; password: string; deviceInfo?: DeviceInfo }
export interface SessionItem { id: string; ipAddress?: string; location?: string; startedAt: string; lastActivity: string; expiresAt: string; loginMethod: string }
export interface DeviceItem {
  id: string; deviceName: string; deviceType: string; os: string; browser: string; ipAddress?: string; country?: string; city?: string
  isTrusted: boolean; trustLevel: string; lastSeen: string; createdAt: string; trustExpiresAt?: string; userAgent?: string
  deviceFingerprint?: string; sessions?: SessionItem[]
}
export interface DeviceListResponse { success: boolean; devices: DeviceItem[] }
export interface DeviceDetailsResponse { success: boolean; device: DeviceItem }
export interface SessionListResponse { success: boolean; sessions: SessionItem[] }
export interface TrustDeviceRequest { fingerprint: string }
export interface TrustDeviceResponse { success: boolean; message: string; trustExpiresAt: string }
export interface MessageResponse { success: boolean; message: string }
export interface SessionHeartbeatResponse { success: boolean; message: string; newExpiry: string }

export enum ProviderType { GOOGLE = 'GOOGLE', GITHUB = 'GITHUB', MICROSOFT = 'MICROSOFT', WEB3_STELLAR = 'WEB3_STELLAR', LOCAL = 'LOCAL' }
export interface AuthState {
  user: { email: string; name: string; imageUrl: string } | null
  token: string | null; accessToken: string | null; refreshToken?: string | null; expiresAt?: number | null; provider?: ProviderType
}
export interface OAuth2ResponseDTO { success: boolean; authState: AuthState }
export interface RefreshTokenResponse { success: boolean; token: string; accessToken: string; refreshToken: string; expiresAt: number }
export interface RefreshTokenErrorResponse { success: boolean; error_code?: string; message?: string }
export interface Web3RegisterBody { address: string; network: string; signature: string; nonce: string }

/** What the official client throws on a non-2xx answer. */
export class HttpError extends Error {
  constructor(readonly status: number, readonly data: unknown) {
    super(`HTTP ${status}`)
  }
}

/** One call as the client made it: for tests to check each answer against the document. */
export interface Exchange { method: string; path: string; status: number; body: unknown }

/** The official client's request logic: a JSON body when there is data, `JSON.parse` on every 2xx body. */
export class AccountClient {
  readonly exchanges: Exchange[] = []
  #token: string | null = null

  constructor(private readonly baseURL: string, private readonly fetchImpl: typeof fetch = fetch) {}

  setAuthToken(token: string): void {
    this.#token = token
  }

  async #request<T>(method: string, path: string, data: unknown = null): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' }
    if (this.#token) headers.Authorization = `Bearer ${this.#token}`
    const init: RequestInit = { method, headers }
    if (data !== null && method !== 'GET') {
      headers['Content-Type'] = 'application/json'
      init.body = JSON.stringify(data)
    }
    const response = await this.fetchImpl(`${this.baseURL}/${path}`, init)
    const text = await response.text()
    const body = text ? JSON.parse(text) : null
    this.exchanges.push({ method, path: `/${path}`, status: response.status, body })
    if (!response.ok) throw new HttpError(response.status, body)
    return body as T
  }

  updateUserRole = (userId: string, orgRole: number) => this.#request<UpdateUserRoleResponse>('PUT', `user/${userId}/role`, { orgRole })
  updateUser = (userId: string, data: UserUpdateRequest) => this.#request<UserUpdateResponse>('PUT', `user/${userId}`, data)
  getUserQuota = () => this.#request<QuotaResponse>('GET', 'user/quota')
  resendTeamUserInvitation = (userId: string) => this.#request<ActionResponse>('POST', `organization/users/${userId}/resend-invitation`)
  getUserSettings = () => this.#request<GetSettingsResponse>('GET', 'settings/user')
  updateUserSettings = (req: UpdateSettingsRequest) => this.#request<{ success: boolean; message: string }>('POST', 'settings/user', req)
  partialUpdateUserSettings = (req: PartialUpdateSettingsRequest) => this.#request<{ success: boolean; message: string }>('PUT', 'settings/user', req)
  deleteUserSettingsKeys = (req: DeleteSettingsRequest) => this.#request<{ success: boolean; message: string }>('DELETE', 'settings/user', req)
  getOrganizationSettings = () => this.#request<GetSettingsResponse>('GET', 'settings/organization')
  updateOrganizationSettings = (req: UpdateSettingsRequest) => this.#request<{ success: boolean; message: string }>('POST', 'settings/organization', req)
  partialUpdateOrganizationSettings = (req: PartialUpdateSettingsRequest) => this.#request<{ success: boolean; message: string }>('PUT', 'settings/organization', req)
  deleteOrganizationSettingsKeys = (req: DeleteSettingsRequest) => this.#request<{ success: boolean; message: string }>('DELETE', 'settings/organization', req)
  enforceOrganizationMFA = (request: { enforced: boolean }) => this.#request<MFAOrganizationEnforceResponse>('POST', 'mfa/organization/enforce', request)
  getMFAStatus = () => this.#request<{ success: boolean; data: MFAStatus }>('GET', 'mfa/status')
  getAvailableMethods = () => this.#request<APIResponse<MFAType[]>>('GET', 'mfa/methods')
  setupMFA = (request: MFASetupRequest) => this.#request<APIResponse<Record<string, unknown>>>('POST', 'mfa/setup', request)
  verifyMFASetup = (request: MFAVerificationSetupRequest) => this.#request<APIResponse<MFAActionResult>>('POST', 'mfa/verify-setup', request)
  verifyMFALogin = (request: MFAVerificationRequest) => this.#request<MFAVerificationLoginResponse>('POST', 'mfa/verify-login', request)
  enableMFA = (request: { mfaType: MFAType }) => this.#request<APIResponse<MFAActionResult>>('POST', 'mfa/enable', request)
  disableMFA = (request: { mfaType: MFAType }) => this.#request<APIResponse<MFAActionResult>>('POST', 'mfa/disable', request)
  setPrimaryMFA = (request: { mfaType: MFAType }) => this.#request<APIResponse<MFAActionResult>>('POST', 'mfa/primary', request)
  resetMFA = (request: MFAResetRequest) => this.#request<APIResponse<MFAActionResult>>('POST', 'mfa/reset', request)
  sendMagicLink = () => this.#request<APIResponse<{ message: string }>>('POST', 'mfa/magic-link/send', null)
  activateMagicLink = (data: { token: string }) => this.#request<MagicLinkActivationResponse>('POST', 'mfa/magic-link/activate', data)
  getPasskeyAuthOptions = () => this.#request<PasskeyAuthOptionsResult>('POST', 'mfa/passkey/auth-options', null)
  completePasskeyRegistration = (request: { credential: unknown; challenge: string }) => this.#request<APIResponse<MFAActionResult>>('POST', 'mfa/passkey/complete-registration', request)
  userLogin = (data: LoginBody) => this.#request<RegisterResponse>('POST', 'user/login', data)
  getOrgKeys = (idOrg: string) => this.#request<GetOrganizationKeysResponse>('GET', `organization/${idOrg}/key`)
  generateOrgKey = (idOrg: string) => this.#request<string>('POST', `organization/${idOrg}/key`)
  deleteOrgKeys = (idOrg: string) => this.#request<{ success: boolean; message: string }>('DELETE', `organization/${idOrg}/key`)
  deleteOrgKey = (idOrg: string, keyId: string) => this.#request<{ success: boolean; message: string }>('DELETE', `organization/${idOrg}/key/${keyId}`)
  userDeactivate = () => this.#request<DeactivateResponse>('POST', 'user/deactivate')
  userRegister = (data: RegisterBody) => this.#request<RegisterResponse>('POST', 'user/register', data)
  preVerifyEmail = (token: string) => this.#request<PreVerifyEmailResponse>('POST', 'user/pre-verify-email', { token })
  validateRegistration = (token: string, password?: string) => this.#request<RegisterResponse>('POST', 'user/verify-email', { token, password })
  resendVerificationEmail = (verificationTokenId: string) => this.#request<{ success: boolean; error_code?: string; message?: string }>('POST', `user/resend-verification/${verificationTokenId}`)
  userActivate = (data: ActivateUserRequest) => this.#request<ActivateUserResponse>('POST', 'user/activate', data)
  requestPasswordReset = (email: string) => this.#request<ActionResponse>('POST', 'user/request-reset-password', { email })
  resetPassword = (data: ResetPasswordBody) => this.#request<ActionResponse>('POST', 'user/reset-password', data)
  getDevices = () => this.#request<DeviceListResponse>('GET', 'devices')
  getDeviceDetails = (deviceId: string) => this.#request<DeviceDetailsResponse>('GET', `devices/${deviceId}`)
  trustDevice = (data: TrustDeviceRequest) => this.#request<TrustDeviceResponse>('POST', 'devices/trust', data)
  untrustDevice = (deviceId: string) => this.#request<MessageResponse>('POST', `devices/${deviceId}/untrust`)
  removeDevice = (deviceId: string) => this.#request<MessageResponse>('DELETE', `devices/${deviceId}`)
  getSessions = () => this.#request<SessionListResponse>('GET', 'sessions')
  revokeSession = (sessionId: string) => this.#request<MessageResponse>('POST', `sessions/${sessionId}/revoke`)
  revokeAllSessions = () => this.#request<MessageResponse>('POST', 'sessions/revoke-all')
  updateSessionHeartbeat = (sessionId: string) => this.#request<SessionHeartbeatResponse>('POST', `sessions/${sessionId}/heartbeat`)
  userRefresh = (refreshToken: string) => this.#request<RefreshTokenResponse>('POST', 'user/refresh', { refresh_token: refreshToken })

  /** As the official client: the bearer header becomes the provider's credential before the call, and stays so. */
  authenticate = async (token: string, provider: ProviderType, deviceInfo?: DeviceInfo, activationUid?: string, activationToken?: string): Promise<any> => {
    this.setAuthToken(token)
    switch (provider) {
      case ProviderType.GOOGLE: return this.#request<any>('POST', 'auth/google', { token, deviceInfo })
      case ProviderType.GITHUB: return this.#request<any>('POST', 'auth/github', { code: token, deviceInfo, activationUid, activationToken })
      case ProviderType.MICROSOFT: return this.#request<any>('POST', 'auth/microsoft', { token, deviceInfo })
      case ProviderType.WEB3_STELLAR: throw new Error('Call web3Authenticate for web3 authentication')
      default: throw new Error('Call userLogin for local authentication')
    }
  }

  exchangeCode = async (code: string, provider: ProviderType, activationUid?: string, activationToken?: string): Promise<OAuth2ResponseDTO> => {
    switch (provider) {
      case ProviderType.GOOGLE: return this.#request<OAuth2ResponseDTO>('POST', 'auth/google/exchange', { code, activationUid, activationToken })
      case ProviderType.MICROSOFT: return this.#request<OAuth2ResponseDTO>('POST', 'auth/microsoft/exchange', { code, activationUid, activationToken })
      default: throw new Error('Not implemented')
    }
  }

  refreshToken = async (refreshToken: string, provider: ProviderType): Promise<RefreshTokenResponse | RefreshTokenErrorResponse> => {
    switch (provider) {
      case ProviderType.GOOGLE: return this.#request<RefreshTokenResponse>('POST', 'auth/google/refresh', { refresh_token: refreshToken })
      case ProviderType.GITHUB: return this.#request<RefreshTokenResponse>('POST', 'auth/github/refresh', { refresh_token: refreshToken })
      case ProviderType.MICROSOFT: return this.#request<RefreshTokenResponse>('POST', 'auth/microsoft/refresh', { refresh_token: refreshToken })
      default: return this.userRefresh(refreshToken)
    }
  }

  web3Authenticate = (data: Web3RegisterBody) => this.#request<any>('POST', 'auth/web3', data)
}
