// How a message sent on behalf is shown to people (the pane, the Sent-items note, notifications).
// The lawyer may choose "recipients see only my name": a stored display preference. It never changes
// what is signed or proven: the chunks are signed by the secretary's key and the receipt always names
// both the principal and the acting user.

export interface DisplayPerson {
  name: string | null;
  email: string;
}

function label(person: DisplayPerson): string {
  return person.name ? `${person.name} <${person.email}>` : person.email;
}

/** The sender line, Dutch and English. With `showOnlyPrincipalName`, only the principal appears. */
export function senderLine(options: { principal: DisplayPerson; actor: DisplayPerson | null; showOnlyPrincipalName: boolean }): { nl: string; en: string } {
  const principal = label(options.principal);
  if (!options.actor || options.showOnlyPrincipalName || options.actor.email === options.principal.email) return { nl: principal, en: principal };
  const actor = options.actor.name ?? options.actor.email;
  return { nl: `${principal} (verstuurd door ${actor})`, en: `${principal} (sent by ${actor})` };
}
