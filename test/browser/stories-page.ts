// Renders one story of the documentation's Storybook recipes as Storybook would: the story's msw handlers in
// the service worker, and the page calling the API with the story's token. `?file=NAME&story=NAME` picks it.
import { setupWorker } from 'msw/browser'
import type { HttpHandler } from 'msw'
// The README's `Members.stories.ts` and docs/storybook.md's `MembersPage.stories.ts`, as written (see serve-page.ts).
import * as quickStart from 'readme:Members.stories.ts'
import * as perStory from 'readme:MembersPage.stories.ts'

type Story = { parameters: { msw: { handlers: HttpHandler[] } }; args: { token: string } }

const files: Record<string, unknown> = { 'Members.stories.ts': quickStart, 'MembersPage.stories.ts': perStory }

async function main() {
  const query = new URLSearchParams(location.search)
  const stories = files[query.get('file')!] as Record<string, Story>
  const story = stories[query.get('story')!]!
  const worker = setupWorker(...story.parameters.msw.handlers)
  await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, quiet: true })
  const started = performance.now()
  const response = await fetch('https://backend.flashback.tech/organization/users', { headers: { Authorization: `Bearer ${story.args.token}` } })
  const body = await response.json()
  document.body.dataset.elapsed = String(Math.round(performance.now() - started))
  const out = document.querySelector('#out')!
  out.innerHTML = response.ok
    ? `<ul>${body.data.map((u: { name: string; lastName: string }) => `<li>${u.name} ${u.lastName}</li>`).join('')}</ul>`
    : `<p class="error">${response.status}</p>`
  document.body.dataset.done = 'true'
}

main().catch((error) => {
  document.querySelector('#out')!.textContent = `failed: ${error}`
  document.body.dataset.done = 'true'
})
