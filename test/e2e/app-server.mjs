// A stand-in for a team's app under development: one page that lists its organization's users from the
// mock, as a React or Vue page would. It calls the mock with `credentials: 'include'`, so the browser sends
// the world cookie; the token comes in the URL (`/?token=…`), or in its fragment as the console's "open the
// app signed in" link carries a session (`/#access_token=…`). Usage: node app-server.mjs PORT MOCK_URL
import { createServer } from 'node:http'

const [port = '4412', mockUrl = 'http://127.0.0.1:4411'] = process.argv.slice(2)

const page = `<!doctype html>
<meta charset="utf-8">
<title>Team members</title>
<h1>Team members</h1>
<p>Members: <output id="count">…</output></p>
<p id="error" role="alert"></p>
<ul id="users"></ul>
<script type="module">
  const token = new URLSearchParams(location.search).get('token') ?? new URLSearchParams(location.hash.slice(1)).get('access_token')
  const response = await fetch(${JSON.stringify(mockUrl)} + '/organization/users', {
    credentials: 'include',
    headers: { Authorization: 'Bearer ' + token },
  })
  if (!response.ok) {
    document.querySelector('#error').textContent = 'Could not load the team (' + response.status + ')'
  } else {
    const { data } = await response.json()
    document.querySelector('#count').textContent = String(data.length)
    for (const user of data) {
      const item = document.createElement('li')
      item.textContent = user.name + ' ' + user.lastName + ' <' + user.email + '>'
      document.querySelector('#users').append(item)
    }
  }
  document.body.dataset.loaded = 'true'
</script>`

// "Sign in with Google" as an app does it: to the provider's consent page (the mock's stand-in), back to /callback
// with a code, which the app exchanges for a session.
const signInPage = `<!doctype html>
<meta charset="utf-8">
<title>Sign in</title>
<h1>Sign in</h1>
<a id="google" href="${mockUrl}/__mock/oauth/google/authorize?redirect_uri=${encodeURIComponent(`http://127.0.0.1:${port}/callback`)}&state=state-42">Sign in with Google</a>`

const callbackPage = `<!doctype html>
<meta charset="utf-8">
<title>Signing in</title>
<p id="signed-in" role="status">…</p>
<p id="profile"></p>
<script type="module">
  const query = new URLSearchParams(location.search)
  const exchanged = await fetch(${JSON.stringify(mockUrl)} + '/auth/google/exchange', {
    method: 'POST',
    credentials: 'include',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code: query.get('code') }),
  })
  const answer = await exchanged.json()
  if (!exchanged.ok || query.get('state') !== 'state-42') {
    document.querySelector('#signed-in').textContent = 'Sign-in failed (' + exchanged.status + ')'
  } else {
    document.querySelector('#signed-in').textContent = 'Signed in as ' + answer.authState.user.email + ' with ' + answer.authState.provider
    const profile = await fetch(${JSON.stringify(mockUrl)} + '/user/profile', { credentials: 'include', headers: { Authorization: 'Bearer ' + answer.authState.token } })
    const { data } = await profile.json()
    document.querySelector('#profile').textContent = data.name + ' ' + data.lastName + ', role ' + data.orgRole
  }
</script>`

createServer((request, response) => {
  if (request.url === '/health') return void response.end('ok')
  const path = new URL(request.url ?? '/', 'http://app').pathname
  if (path === '/sign-in') return void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(signInPage)
  if (path === '/callback') return void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(callbackPage)
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page)
}).listen(Number(port), '127.0.0.1')
