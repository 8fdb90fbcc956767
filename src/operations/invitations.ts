import { onTargetUser } from './context.js'
import { ApiError } from './errors.js'

/** Invitations of organization members. Access is applied from `x-access` (as the other organization-user calls). */
export const invitationResolvers = {
  resendOrganizationUserInvitation: onTargetUser<'resendOrganizationUserInvitation'>((_ctx, target) => {
    if (target.deletedAt !== null) throw new ApiError('INVALID_REQUEST', 'User is deleted')
    if (target.validated) throw new ApiError('INVALID_REQUEST', 'User has already validated their email')
    // No e-mail leaves the mock: the journal is the record that the invitation went out.
    return { status: 200, body: { success: true, message: 'Invitation resent successfully' } }
  }),
}
