import { WEAK_PASSWORD_MESSAGE, isStrongPassword } from '../access/password-rule.js'
import type { EmailToken } from '../data/email-tokens.js'
import type { EmailKind } from '../data/outbox.js'
import type { UserRecord } from '../data/record-schemas.js'
import type { OperationContext, Reply } from './context.js'
import { ApiError } from './errors.js'
import { sendEmail } from './mail.js'
import { sessionOrigin } from './sessions-and-devices.js'
import { signedIn } from './signed-in.js'

/** What a page is told of a token it cannot use; the error_code goes where the endpoint's error shape has one. */
interface TokenMessages {
  invalid: string
  expired: string
}

const VERIFICATION: TokenMessages = {
  invalid: 'Verification token is invalid or has already been used',
  expired: 'Verification token has expired: ask for a new e-mail',
}
export const INVITATION: TokenMessages = {
  invalid: 'Invitation token is invalid or has already been used',
  expired: 'Invitation token has expired: ask for a new invitation',
}
const RESET: TokenMessages = {
  invalid: 'Reset token is invalid or has already been used',
  expired: 'Reset token has expired: ask for a new e-mail',
}

type TokenContext = Pick<OperationContext<'verifyEmail'>, 'store' | 'services'>

/** The live token of one of the kinds and its active user, or the 400 a page shows for it. */
export function tokenHolder(ctx: TokenContext, token: string, kinds: readonly EmailKind[], messages: TokenMessages): { record: EmailToken; user: UserRecord } {
  const found = ctx.store.emailTokens.find(token, kinds, ctx.services.now().getTime())
  if (found === 'expired') throw new ApiError('INVALID_REQUEST', messages.expired, 'TOKEN_EXPIRED')
  const user = found === 'invalid' ? undefined : ctx.store.user(found.userId)
  if (found === 'invalid' || !user) throw new ApiError('INVALID_REQUEST', messages.invalid, 'INVALID_TOKEN')
  if (user.deletedAt !== null) throw new ApiError('INVALID_REQUEST', 'User account is inactive', 'USER_INACTIVE')
  return { record: found, user }
}

function checkPassword(password: string): void {
  if (!isStrongPassword(password)) throw new ApiError('INVALID_REQUEST', WEAK_PASSWORD_MESSAGE, 'WEAK_PASSWORD')
}

/**
 * The account's e-mails: verification after register, the invitation of a created user, password reset. Each
 * call is public (the e-mail's token is the credential) and keeps the token and the message in the outbox.
 */
export const accountLifecycleResolvers = {
  preVerifyEmail(ctx: OperationContext<'preVerifyEmail'>): Reply<'preVerifyEmail'> {
    const { user } = tokenHolder(ctx, ctx.body.token, ['verification', 'invitation'], VERIFICATION)
    return { status: 200, body: { success: true, message: 'Token is valid', authMethod: user.authMethod, hasPassword: user.password !== null } }
  },

  async verifyEmail(ctx: OperationContext<'verifyEmail'>): Promise<Reply<'verifyEmail'>> {
    const { token, password } = ctx.body
    const { user } = tokenHolder(ctx, token, ['verification', 'invitation'], VERIFICATION)
    const changes: Partial<UserRecord> = { validated: true }
    // Only a user who signs in with a password and has none sets one here; a provider's user needs none.
    if (user.password === null && user.authMethod === 'LOCAL') {
      if (password === undefined) throw new ApiError('INVALID_REQUEST', 'This account has no password yet: give one', 'PASSWORD_REQUIRED')
      checkPassword(password)
      changes.password = password
    }
    const verified = await ctx.store.updateUser(user.id, changes)
    ctx.store.emailTokens.use(token)
    return { status: 200, body: { ...signedIn(ctx.sessions.start(verified, sessionOrigin(ctx, 'EMAIL_VERIFICATION')), verified), message: 'Email verified successfully' } }
  },

  resendVerificationEmail(ctx: OperationContext<'resendVerificationEmail'>): Reply<'resendVerificationEmail'> {
    const record = ctx.store.emailTokens.byId(ctx.params.verificationTokenId)
    const user = record?.kind === 'verification' ? ctx.store.user(record.userId) : undefined
    if (!user) throw new ApiError('NOT_FOUND', 'Verification not found', 'TOKEN_NOT_FOUND')
    if (user.deletedAt !== null) throw new ApiError('INVALID_REQUEST', 'User account is inactive', 'USER_INACTIVE')
    if (user.validated) throw new ApiError('INVALID_REQUEST', 'Email is already verified', 'ALREADY_VERIFIED')
    sendEmail(ctx.store, ctx.services, user, 'verification')
    return { status: 200, body: { success: true, message: 'Verification email sent' } }
  },

  async activateUser(ctx: OperationContext<'activateUser'>): Promise<Reply<'activateUser'>> {
    const { uid, token, registrationInfo } = ctx.body
    const { user } = tokenHolder(ctx, token, ['invitation'], INVITATION)
    if (user.id !== uid) throw new ApiError('INVALID_REQUEST', INVITATION.invalid, 'INVALID_TOKEN')
    if (registrationInfo.email.toLowerCase() !== user.email.toLowerCase()) {
      throw new ApiError('INVALID_REQUEST', 'registrationInfo.email must be the invited address', 'EMAIL_MISMATCH')
    }
    checkPassword(registrationInfo.password)
    const changes: Partial<UserRecord> = { validated: true, name: registrationInfo.firstName, lastName: registrationInfo.lastName }
    if (user.authMethod === 'LOCAL') changes.password = registrationInfo.password
    const activated = await ctx.store.updateUser(user.id, changes)
    ctx.store.emailTokens.use(token)
    return { status: 200, body: { ...signedIn(ctx.sessions.start(activated, sessionOrigin(ctx, 'INVITATION')), activated), message: 'Account activated successfully' } }
  },

  requestPasswordReset(ctx: OperationContext<'requestPasswordReset'>): Reply<'requestPasswordReset'> {
    const user = ctx.store.userByEmail(ctx.body.email)
    // Only an active user who signs in with a password gets one; the answer is the same for every address.
    if (user && user.deletedAt === null && user.authMethod === 'LOCAL') sendEmail(ctx.store, ctx.services, user, 'password-reset')
    return { status: 200, body: { success: true, message: 'If an account exists for this email, a password reset link has been sent' } }
  },

  async resetPassword(ctx: OperationContext<'resetPassword'>): Promise<Reply<'resetPassword'>> {
    const { token, newPassword } = ctx.body
    const { user } = tokenHolder(ctx, token, ['password-reset'], RESET)
    checkPassword(newPassword)
    await ctx.store.updateUser(user.id, { password: newPassword })
    ctx.store.emailTokens.use(token)
    // As after a password change: every sign-in made with the old password ends.
    ctx.sessions.endSessionsOf(user.id)
    return { status: 200, body: { success: true, message: 'Password has been reset successfully' } }
  },
}
