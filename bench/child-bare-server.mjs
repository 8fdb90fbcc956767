// The floor: a bare node:http server answering one static JSON body.
import { createServer } from 'node:http'
const body = JSON.stringify({ id: '550e8400-e29b-41d4-a716-446655440000', email: 'john.doe@acme.com', name: 'John', lastName: 'Doe', orgId: '123e4567-e89b-12d3-a456-426614174000', orgRole: 2, validated: true, deletedAt: null, orgRoleDescription: 'WORKSPACES', orgRoles: [0, 1, 2] })
const server = createServer((_, response) => response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(body))
server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`))
