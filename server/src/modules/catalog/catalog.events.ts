/** Events the catalog module publishes (subject tinhso.catalog.<type>). */
export const catalogEvents = {
  documentTypeCreated: 'document_type.created',
  adminUnitsImported: 'admin_units.imported',
  proceduresImported: 'procedures.imported',
  procedureCorrected: 'procedure.corrected',
  agencyCreated: 'agency.created',
  agencyChanged: 'agency.changed',
  agencyClosed: 'agency.closed',
} as const;

export interface DocumentTypeCreatedPayload {
  id: string;
  code: string;
  abbreviation: string | null;
  validFrom: string;
}
