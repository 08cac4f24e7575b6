// status.ts - lead, meeting, sync and webhook status labels, colours and the transition table users follow
import type {
  ConflictStatus, CronRunStatus, LeadStatus, MeetingOutcome, MeetingStatus, SyncTask, SyncTaskStatus,
  WebhookProvider, WebhookStatus
} from '~/types'
import {
  CONFLICT_STATUSES, LEAD_STATUSES, MEETING_OUTCOMES, MEETING_STATUSES, WEBHOOK_PROVIDERS, WEBHOOK_STATUSES
} from '~/types'

export { CONFLICT_STATUSES, LEAD_STATUSES, MEETING_OUTCOMES, MEETING_STATUSES, WEBHOOK_PROVIDERS, WEBHOOK_STATUSES }

export const STATUS_LABELS: Record<LeadStatus, string> = {
  new: 'New',
  scheduled: 'Scheduled',
  in_touch: 'In Touch',
  won: 'Won',
  lost_no_show: 'Lost – No Show',
  lost_disqualified: 'Lost – Disqualified',
  lost_no_potential: 'Lost – No Potential'
}

export type BadgeColor = 'primary' | 'secondary' | 'success' | 'info' | 'warning' | 'error' | 'neutral'

export const STATUS_COLORS: Record<LeadStatus, BadgeColor> = {
  new: 'info',
  scheduled: 'secondary',
  in_touch: 'warning',
  won: 'success',
  lost_no_show: 'error',
  lost_disqualified: 'error',
  lost_no_potential: 'neutral'
}

export function statusLabel(status: string): string {
  return STATUS_LABELS[status as LeadStatus] ?? status
}

export function isLeadStatus(value: unknown): value is LeadStatus {
  return typeof value === 'string' && (LEAD_STATUSES as readonly string[]).includes(value)
}

const LOST: LeadStatus[] = ['lost_no_show', 'lost_disqualified', 'lost_no_potential']

/** docs/api.md: the transitions users and partner admins may make; staff may override with a reason. */
const FLOW: Record<LeadStatus, LeadStatus[]> = {
  new: ['scheduled', 'in_touch', 'won', ...LOST],
  scheduled: ['new', 'in_touch', 'won', ...LOST],
  in_touch: ['scheduled', 'won', ...LOST],
  won: [],
  lost_no_show: ['scheduled', 'in_touch', 'lost_disqualified', 'lost_no_potential'],
  lost_disqualified: ['scheduled', 'in_touch', 'lost_no_show', 'lost_no_potential'],
  lost_no_potential: ['scheduled', 'in_touch', 'lost_no_show', 'lost_disqualified']
}

/** true when from → to is outside the normal flow (staff only, with a reason) */
export function isOverride(from: LeadStatus, to: LeadStatus): boolean {
  return !FLOW[from].includes(to)
}

export const MEETING_STATUS_LABELS: Record<MeetingStatus, string> = {
  created: 'Booked',
  updated: 'Updated',
  rescheduled: 'Rescheduled',
  canceled: 'Canceled'
}

export const MEETING_STATUS_COLORS: Record<MeetingStatus, BadgeColor> = {
  created: 'success',
  updated: 'info',
  rescheduled: 'warning',
  canceled: 'neutral'
}

export const MEETING_OUTCOME_LABELS: Record<MeetingOutcome, string> = {
  held: 'Held',
  no_show: 'No-show'
}

export const MEETING_OUTCOME_COLORS: Record<MeetingOutcome, BadgeColor> = {
  held: 'success',
  no_show: 'error'
}

export const MEETING_SOURCE_LABELS: Record<string, string> = {
  manual: 'Logged by hand',
  chilipiper: 'ChiliPiper'
}

export const CONFLICT_STATUS_LABELS: Record<ConflictStatus, string> = {
  open: 'Open',
  kept: 'Kept',
  moved: 'Moved'
}

export const CONFLICT_STATUS_COLORS: Record<ConflictStatus, BadgeColor> = {
  open: 'warning',
  kept: 'neutral',
  moved: 'info'
}

export const SYNC_STATUS_LABELS: Record<SyncTaskStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  done: 'Done',
  failed: 'Failed'
}

export const SYNC_STATUS_COLORS: Record<SyncTaskStatus, BadgeColor> = {
  queued: 'neutral',
  running: 'info',
  done: 'success',
  failed: 'error'
}

export const CRON_RUN_STATUS_LABELS: Record<CronRunStatus, string> = {
  ok: 'Done',
  failed: 'Failed',
  skipped: 'Skipped'
}

export const CRON_RUN_STATUS_COLORS: Record<CronRunStatus, BadgeColor> = {
  ok: 'success',
  failed: 'error',
  skipped: 'neutral'
}

export function cronRunBadge(s: CronRunStatus): StatusBadge {
  return { 'color': CRON_RUN_STATUS_COLORS[s], 'variant': 'subtle', 'label': CRON_RUN_STATUS_LABELS[s], 'data-status': s }
}

export const SYNC_KIND_LABELS: Record<SyncTask['kind'], string> = {
  'hubspot-contacts': 'HubSpot contact sync',
  'chilipiper-reconcile': 'ChiliPiper reconciliation'
}

export const WEBHOOK_PROVIDER_LABELS: Record<WebhookProvider, string> = {
  hubspot: 'HubSpot',
  chilipiper: 'ChiliPiper',
  stripe: 'Stripe'
}

export const WEBHOOK_STATUS_LABELS: Record<WebhookStatus, string> = {
  received: 'Received',
  processed: 'Processed',
  ignored: 'Ignored',
  failed: 'Failed'
}

export const WEBHOOK_STATUS_COLORS: Record<WebhookStatus, BadgeColor> = {
  received: 'info',
  processed: 'success',
  ignored: 'neutral',
  failed: 'error'
}

/** a sync task is over (done or failed): stop polling it */
export function syncFinished(task: Pick<SyncTask, 'status'> | null | undefined): boolean {
  return task?.status === 'done' || task?.status === 'failed'
}

/** A status badge's attributes, one look everywhere: `<UBadge v-bind="leadBadge(s)" />`. Lead
 * and conflict badges carry data-status (the tests and the dashboard's rows look for it). */
export interface StatusBadge { 'color': BadgeColor, 'variant': 'subtle', 'label': string, 'data-status'?: string }

export function leadBadge(s: LeadStatus): StatusBadge {
  return { 'color': STATUS_COLORS[s] ?? 'neutral', 'variant': 'subtle', 'label': statusLabel(s), 'data-status': s }
}

export function meetingBadge(s: MeetingStatus): StatusBadge {
  return { color: MEETING_STATUS_COLORS[s] ?? 'neutral', variant: 'subtle', label: MEETING_STATUS_LABELS[s] ?? s }
}

export function conflictBadge(s: ConflictStatus): StatusBadge {
  return { 'color': CONFLICT_STATUS_COLORS[s], 'variant': 'subtle', 'label': CONFLICT_STATUS_LABELS[s], 'data-status': s }
}

export function syncBadge(s: SyncTaskStatus): StatusBadge {
  return { 'color': SYNC_STATUS_COLORS[s], 'variant': 'subtle', 'label': SYNC_STATUS_LABELS[s], 'data-status': s }
}

export function webhookBadge(s: WebhookStatus): StatusBadge {
  return { 'color': WEBHOOK_STATUS_COLORS[s], 'variant': 'subtle', 'label': WEBHOOK_STATUS_LABELS[s], 'data-status': s }
}
