// `npm run org -- <command>`: administrator commands for organisations. They manage membership
// records only; keys are made and wrapped in clerks' clients.
//   create <orgId> <name> <domain> [<domain>…]     e.g. create rechtspraak "De Rechtspraak" rechtspraak.nl
//   add-unit <orgId> <name> [--default] <address-or-*@domain>…
//   add-member <unitId> <email> [--admin]          the member waits until a clerk wraps the key to them
//   remove-member <unitId> <email>                  forces a key rotation for future mail
//   list
import path from 'node:path';
import { loadConfig } from '../config';
import { openDatabase } from '../db/mongo';
import { organisationsRepository } from './repository';
import { accountsRepository } from '../accounts/repository';
import { auditRepository } from '../audit/repository';
import { createAuditLog } from '../audit/audit-log';

const USAGE = 'usage: npm run org -- create <orgId> <name> <domain>… | add-unit <orgId> <name> [--default] <address>… | add-member <unitId> <email> [--admin] | remove-member <unitId> <email> | list';

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (!command) {
    process.stderr.write(`${USAGE}\n`);
    return 1;
  }
  const config = loadConfig();
  const quiet = { info: () => undefined, warn: () => undefined, error: (m: string) => process.stderr.write(`${m}\n`) };
  const database = await openDatabase({ uri: config.mongodbUri, dataDir: path.join(config.dataDir, 'db'), logger: quiet });
  try {
    const repo = organisationsRepository(database.db, database.durable);
    await repo.ensureIndexes();
    const accounts = accountsRepository(database.db, database.durable);
    const audit = createAuditLog({ repository: auditRepository(database.db, database.durable) });
    const log = (action: string, target: string) => audit.append({ actor: null, action, outcome: 'success', target, details: { via: 'admin-cli' } });
    switch (command) {
      case 'create': {
        const [orgId, name, ...domains] = rest;
        if (!orgId || !name || domains.length === 0) break;
        await repo.upsertOrganisation({ id: orgId, name, domains });
        await log('organisation.create', orgId);
        process.stdout.write(`organisation ${orgId} (${domains.join(', ')})\n`);
        return 0;
      }
      case 'add-unit': {
        const [orgId, name, ...more] = rest;
        const addresses = more.filter((a) => a !== '--default');
        if (!orgId || !name) break;
        const unit = await repo.addUnit({ orgId, name, addresses, isDefault: more.includes('--default') });
        await log('organisation.unit.create', unit._id);
        process.stdout.write(`unit ${unit._id} ${name}\n`);
        return 0;
      }
      case 'add-member':
      case 'remove-member': {
        const [unitId, email] = rest;
        if (!unitId || !email) break;
        const account = await accounts.findByEmail(email.trim().toLowerCase());
        if (!account || account.status !== 'active') {
          process.stderr.write('no active account with that address\n');
          return 1;
        }
        if (command === 'add-member') {
          const member = await repo.addMember({ unitId, accountId: account._id, role: rest.includes('--admin') ? 'clerk-admin' : 'clerk' });
          await log('organisation.member.add', account._id);
          process.stdout.write(`member ${member._id}: ${member.status} (a clerk's client must wrap the unit key to them)\n`);
        } else {
          const removed = await repo.removeMember(unitId, account._id);
          if (removed) await repo.requireRotation(unitId);
          await log('organisation.member.remove', account._id);
          process.stdout.write(removed ? 'removed; the unit key must be rotated by a remaining clerk\n' : 'not a member\n');
        }
        return 0;
      }
      case 'list': {
        for (const org of await repo.listOrganisations()) {
          process.stdout.write(`${org._id} ${org.name} [${org.domains.join(', ')}]\n`);
          for (const unit of await repo.unitsOf(org._id)) {
            process.stdout.write(`  unit ${unit._id} ${unit.name}${unit.isDefault ? ' (default)' : ''} key v${unit.key?.version ?? 0}${unit.rotationRequired ? ' ROTATION REQUIRED' : ''}\n`);
          }
        }
        return 0;
      }
      default:
        break;
    }
    process.stderr.write(`${USAGE}\n`);
    return 1;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`org: ${err instanceof Error ? err.message : 'failed'}\n`);
    process.exit(2);
  },
);
