import { onTargetUser } from './context.js'
import { ApiError } from './errors.js'
import { sendEmail } from './mail.js'

/** Invitations of organization members. Access is applied from `x-access` (as the other organization-user calls). */
export const invitationResolvers = {
  resendOrganizationUserInvitation: onTargetUser<'resendOrganizationUserInvitation'>((ctx, target) => {
    if (target.deletedAt !== null) throw new ApiError('INVALID_REQUEST', 'User is deleted')
    if (target.validated) throw new ApiError('INVALID_REQUEST', 'User has already validated their email')
    // A new invitation in the outbox; the earlier one's token stops working.
    sendEmail(ctx.store, ctx.services, target, 'invitation')
    return { status: 200, body: { success: true, message: 'Invitation resent successfully' } }
  }),
}
