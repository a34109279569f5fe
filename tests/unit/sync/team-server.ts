import fs from 'node:fs';
import { team, testServer, type Member } from '../server/helpers.ts';

/** A team server in this process with team "Acme care" (agents agent_a and agent_b joined through /api/join). */
export async function acmeServer() {
  const server = await testServer();
  const t = await team(server, 'Acme care', [
    { email: 'a@acme.test', handle: 'agent_a' },
    { email: 'b@acme.test', handle: 'agent_b' },
  ]);
  const [A, B] = t.members as [Member, Member];
  return {
    server,
    teamId: t.id,
    A,
    B,
    async stop() {
      await server.stop();
      fs.rmSync(server.dataDir, { recursive: true, force: true });
    },
  };
}
export type AcmeServer = Awaited<ReturnType<typeof acmeServer>>;
