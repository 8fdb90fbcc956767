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

createServer((request, response) => {
  if (request.url === '/health') return void response.end('ok')
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page)
}).listen(Number(port), '127.0.0.1')
