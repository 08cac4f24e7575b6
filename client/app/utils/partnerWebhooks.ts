// partnerWebhooks.ts - words and badges of the webhooks to partners (docs/partner-webhooks.md)
import type { PartnerWebhookEventType, PartnerWebhookOutcome } from '~/types'
import { PARTNER_WEBHOOK_EVENTS, PARTNER_WEBHOOK_OUTCOMES } from '~/types'

/** every event an endpoint may subscribe to, in the API's order */
export const PARTNER_WEBHOOK_EVENT_LIST: readonly PartnerWebhookEventType[] = PARTNER_WEBHOOK_EVENTS
export const PARTNER_WEBHOOK_OUTCOME_LIST: readonly PartnerWebhookOutcome[] = PARTNER_WEBHOOK_OUTCOMES

export const PARTNER_WEBHOOK_EVENT_LABELS: Record<PartnerWebhookEventType, string> = {
  'lead.created': 'Lead assigned',
  'lead.status_changed': 'Lead status changed',
  'lead.note_added': 'Note added',
  'meeting.created': 'Meeting booked',
  'meeting.rescheduled': 'Meeting rescheduled',
  'meeting.canceled': 'Meeting canceled',
  'meeting.outcome': 'Meeting outcome set'
}

const OUTCOME_LABELS: Record<PartnerWebhookOutcome, string> = {
  delivered: 'Delivered',
  retrying: 'Retrying',
  failed: 'Failed',
  refused: 'Refused'
}

const OUTCOME_COLORS: Record<PartnerWebhookOutcome, BadgeColor> = {
  delivered: 'success',
  retrying: 'warning',
  failed: 'error',
  refused: 'error'
}

export function hookOutcomeBadge(o: PartnerWebhookOutcome): StatusBadge {
  return { 'color': OUTCOME_COLORS[o], 'variant': 'subtle', 'label': OUTCOME_LABELS[o], 'data-status': o }
}

/** the URL a receiver sees, shortened for a heading */
export function hookHost(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}
