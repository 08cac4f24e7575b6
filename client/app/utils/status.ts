// status.ts - lead and meeting status labels, colours and the transition table users follow
import type { LeadStatus, MeetingStatus } from '~/types'
import { LEAD_STATUSES, MEETING_STATUSES } from '~/types'

export { LEAD_STATUSES, MEETING_STATUSES }

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
