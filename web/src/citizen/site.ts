/**
 * The portal's identity. The demo province is Thành phố Cần Thơ (catalog.seed.ts); a deployment
 * for another province changes this file until the server publishes it (issue 7's settings).
 */
export const site = {
  organisation: { vi: 'Thành phố Cần Thơ', en: 'Cần Thơ City' },
  nationalPortalUrl: 'https://dichvucong.gov.vn',
};
