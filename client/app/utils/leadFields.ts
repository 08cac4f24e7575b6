// leadFields.ts - the human names of a lead's fields: one list for the new-lead form, the leads
// table's columns and the lead page's overview, so a field is called the same everywhere.
export const LEAD_FIELD_LABELS = {
  email: 'E-mail',
  name: 'Name',
  partnerName: 'Partner',
  dealStatus: 'Status',
  firstName: 'First name',
  lastName: 'Last name',
  company: 'Company',
  jobTitle: 'Job title',
  phone: 'Phone',
  country: 'Country',
  industry: 'Industry',
  companySize: 'Company size',
  meetingType: 'Meeting type',
  salesManager: 'Sales manager',
  scheduledDate: 'Scheduled',
  dealAmount: 'Deal amount',
  hubspotContactId: 'HubSpot contact ID',
  wonAt: 'Won on',
  source: 'Source',
  createdAt: 'Created',
  updatedAt: 'Updated'
} as const

export type LeadFieldName = keyof typeof LEAD_FIELD_LABELS

/** the label of any lead field by its API name ("partner" is the partner's name); a field this
 * list lacks reads as words ("someNewField" → "Some new field") rather than as code */
export function leadFieldLabel(name: string): string {
  if (name === 'partner')
    return LEAD_FIELD_LABELS.partnerName
  if (name in LEAD_FIELD_LABELS)
    return LEAD_FIELD_LABELS[name as LeadFieldName]
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** {key, label} of each named field, in that order (forms and column choosers) */
export function leadFields<K extends LeadFieldName>(names: readonly K[]): { name: K, label: string }[] {
  return names.map(name => ({ name, label: LEAD_FIELD_LABELS[name] }))
}

/** the free-text details of a lead, in form order: what the create and edit dialogs offer */
export const LEAD_TEXT_FIELDS = leadFields(['firstName', 'lastName', 'company', 'jobTitle', 'phone',
  'country', 'industry', 'companySize', 'meetingType', 'salesManager'] as const)
