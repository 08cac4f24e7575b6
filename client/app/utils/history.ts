// history.ts - a lead's audit events in words: the changed fields of lead.updated as "old → new"
// and where a change came from (the event's source, lib/queue/events.h SOURCE_*)

/** one changed field: its label and both values, already formatted */
export interface FieldChange {
  field: string
  label: string
  from: string
  to: string
}

const DATE_FIELDS = new Set(['scheduledDate', 'wonAt', 'createdAt', 'updatedAt', 'anonymisedAt'])
const MONEY_FIELDS = new Set(['dealAmount'])

/** a stored value as the rest of the app shows it; nothing (null, absent, '') is "—" */
function formatValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '')
    return '—'
  if (DATE_FIELDS.has(field))
    return formatDateTime(String(value))
  if (MONEY_FIELDS.has(field))
    return typeof value === 'number' ? formatMoney(value) : String(value)
  if (field === 'dealStatus')
    return statusLabel(String(value))
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

/**
 * The fields a lead.updated event changed, in the order the server wrote them. `before` holds
 * only the changed fields and is empty for an import, which fills empty fields only. A move
 * carries the partner's id and its name (partnerName): one "Partner" line, named by the event's
 * own names (the partner may be gone or outside the viewer's list), else by `partnerName(id)`.
 */
export function fieldChanges(before: Record<string, unknown>, after: Record<string, unknown>,
  partnerName: (id: string) => string): FieldChange[] {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])]
  const moved = fields.includes('partner')
  const partner = (id: unknown, name: unknown) =>
    (typeof name === 'string' && name) || (typeof id === 'string' && (partnerName(id) || id)) || '—'
  return fields.filter(f => !(moved && f === 'partnerName')).map(field => ({
    field,
    label: leadFieldLabel(field),
    from: field === 'partner' ? partner(before.partner, before.partnerName) : formatValue(field, before[field]),
    to: field === 'partner' ? partner(after.partner, after.partnerName) : formatValue(field, after[field])
  }))
}

// the SOURCE_* of lib/queue/events.h; lead.created carries the lead's own source instead
// (manual, import, chilipiper, hubspot)
const SOURCE_WORDS: Record<string, string> = {
  ui: 'in Partner Connector',
  manual: 'in Partner Connector',
  partner_api: 'with a partner API token',
  email: 'through an e-mail link',
  hubspot: 'synced from HubSpot',
  chilipiper: 'from a Chili Piper booking',
  stripe: 'from a Stripe event',
  cron: 'by a scheduled job',
  import: 'by import',
  system: 'automatically'
}

/** where a change came from, in words ("synced from HubSpot"); '' when the event does not say.
 * A partner token's change says so whatever its source (a lead it created is "manual"). */
export function sourceWords(source: string | null | undefined, actorKind?: string): string {
  if (actorKind === 'partner_token')
    return SOURCE_WORDS.partner_api ?? ''
  return source ? SOURCE_WORDS[source] ?? `via ${source.replaceAll('_', ' ')}` : ''
}

const ACTOR_KINDS: Record<string, string> = {
  user: 'A user',
  partner_token: 'The partner\'s system',
  system: 'Partner Connector',
  anonymous: 'Someone'
}

/** who made a change: the person's name, or what kind of actor it was */
export function actorName(actor: { kind: string, name: string | null }): string {
  return actor.name ?? ACTOR_KINDS[actor.kind] ?? actor.kind
}
