/**
 * Life events (GOV.UK and the National Public Service Portal both group services this way): a
 * citizen thinks "we are having a baby", not "Hộ tịch". Data, not code: each event lists search
 * keywords and/or sectors; procedures found with a good score are shown together.
 */
export interface LifeEvent {
  slug: string;
  title: { vi: string; en: string };
  description: { vi: string; en: string };
  keywords: string[];
  sectors: string[];
}

/** Below this search score a keyword match is a typo-tolerance guess, not an event's procedure. */
export const LIFE_EVENT_MIN_SCORE = 0.8;

export const lifeEvents: LifeEvent[] = [
  {
    slug: 'sinh-con',
    title: { vi: 'Khi sinh con', en: 'Having a baby' },
    description: {
      vi: 'Đăng ký khai sinh, nhận cha mẹ con, thẻ bảo hiểm y tế và căn cước cho trẻ.',
      en: 'Birth registration, parentage, health insurance and ID card for a child.',
    },
    keywords: ['đăng ký khai sinh', 'nhận cha mẹ con', 'căn cước cho người dưới 14 tuổi'],
    sectors: [],
  },
  {
    slug: 'ket-hon',
    title: { vi: 'Khi kết hôn', en: 'Getting married' },
    description: {
      vi: 'Đăng ký kết hôn, xác nhận tình trạng hôn nhân.',
      en: 'Marriage registration, certificate of marital status.',
    },
    keywords: ['kết hôn', 'tình trạng hôn nhân'],
    sectors: [],
  },
  {
    slug: 'xay-nha',
    title: { vi: 'Khi xây, sửa nhà', en: 'Building or repairing a house' },
    description: {
      vi: 'Giấy phép xây dựng, giấy chứng nhận quyền sử dụng đất.',
      en: 'Building permits, land use right certificates.',
    },
    keywords: ['quyền sử dụng đất'],
    sectors: ['Hoạt động xây dựng'],
  },
  {
    slug: 'kinh-doanh',
    title: { vi: 'Khi kinh doanh', en: 'Starting a business' },
    description: {
      vi: 'Đăng ký hộ kinh doanh, doanh nghiệp tư nhân; tạm ngừng, chấm dứt.',
      en: 'Registering a household business or a sole proprietorship; suspending, closing.',
    },
    keywords: [],
    sectors: ['Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)', 'Thành lập và hoạt động của doanh nghiệp'],
  },
  {
    slug: 'chuyen-noi-o',
    title: { vi: 'Khi chuyển nơi ở', en: 'Moving home' },
    description: {
      vi: 'Đăng ký thường trú, tạm trú, gia hạn và xóa đăng ký.',
      en: 'Registering permanent or temporary residence, extending, removing.',
    },
    keywords: ['thường trú', 'tạm trú'],
    sectors: [],
  },
  {
    slug: 'giay-to',
    title: { vi: 'Khi cần giấy tờ cá nhân', en: 'Personal documents' },
    description: {
      vi: 'Căn cước, lý lịch tư pháp, chứng thực bản sao, chữ ký.',
      en: 'ID card, criminal record, certified copies and signatures.',
    },
    keywords: ['thẻ căn cước', 'lý lịch tư pháp'],
    sectors: ['Chứng thực'],
  },
  {
    slug: 'nguoi-than-mat',
    title: { vi: 'Khi người thân qua đời', en: 'When someone dies' },
    description: {
      vi: 'Đăng ký khai tử, chứng thực văn bản phân chia di sản.',
      en: 'Death registration, certifying the division of an estate.',
    },
    keywords: ['đăng ký khai tử', 'phân chia di sản'],
    sectors: [],
  },
];

/**
 * The most used procedures: a curated list until dossiers exist to count (issue 6, later part) —
 * the everyday business of a commune desk: birth, certified copies, residence, ID, marriage.
 */
export const popularProcedureCodes = [
  '1.001193',
  '2.000815',
  '1.004222',
  '1.014063',
  '1.000894',
  '3.000333',
  '1.001612',
  '1.013225',
];
