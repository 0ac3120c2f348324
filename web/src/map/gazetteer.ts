/**
 * Seoul by name, shipped with the console (no geocoding service, no download at run time): the 25
 * districts (gu) by the position of their district office, and the subway stations and landmarks
 * people give as meeting points. Coordinates written down by hand to four decimals (~10 m).
 */
export type Named = { en: string; ko: string; lat: number; lng: number };

const named = (en: string, ko: string, lat: number, lng: number): Named => ({ en, ko, lat, lng });

export const DISTRICTS: readonly Named[] = [
  named('Jongno-gu', '종로구', 37.5735, 126.979),
  named('Jung-gu', '중구', 37.5641, 126.9979),
  named('Yongsan-gu', '용산구', 37.5326, 126.9905),
  named('Seongdong-gu', '성동구', 37.5634, 127.0369),
  named('Gwangjin-gu', '광진구', 37.5385, 127.0823),
  named('Dongdaemun-gu', '동대문구', 37.5744, 127.0396),
  named('Jungnang-gu', '중랑구', 37.6066, 127.0927),
  named('Seongbuk-gu', '성북구', 37.5894, 127.0167),
  named('Gangbuk-gu', '강북구', 37.6396, 127.0257),
  named('Dobong-gu', '도봉구', 37.6688, 127.0471),
  named('Nowon-gu', '노원구', 37.6542, 127.0568),
  named('Eunpyeong-gu', '은평구', 37.6027, 126.9291),
  named('Seodaemun-gu', '서대문구', 37.5791, 126.9368),
  named('Mapo-gu', '마포구', 37.5663, 126.9019),
  named('Yangcheon-gu', '양천구', 37.5169, 126.8664),
  named('Gangseo-gu', '강서구', 37.5509, 126.8495),
  named('Guro-gu', '구로구', 37.4954, 126.8874),
  named('Geumcheon-gu', '금천구', 37.4569, 126.8955),
  named('Yeongdeungpo-gu', '영등포구', 37.5264, 126.8962),
  named('Dongjak-gu', '동작구', 37.5124, 126.9393),
  named('Gwanak-gu', '관악구', 37.4784, 126.9516),
  named('Seocho-gu', '서초구', 37.4837, 127.0324),
  named('Gangnam-gu', '강남구', 37.5172, 127.0473),
  named('Songpa-gu', '송파구', 37.5145, 127.1059),
  named('Gangdong-gu', '강동구', 37.5301, 127.1238),
];

export const LANDMARKS: readonly Named[] = [
  named('Seoul Station', '서울역', 37.5547, 126.9707),
  named('City Hall Station', '시청역', 37.5657, 126.9769),
  named('Gwanghwamun', '광화문', 37.5716, 126.9769),
  named('Gyeongbokgung Palace', '경복궁', 37.5796, 126.977),
  named('Jonggak Station', '종각역', 37.5702, 126.9831),
  named('Anguk Station', '안국역', 37.5765, 126.9854),
  named('Myeongdong', '명동', 37.5609, 126.9863),
  named('Dongdaemun Design Plaza', '동대문디자인플라자', 37.5665, 127.0092),
  named('Hyehwa Station', '혜화역', 37.5822, 127.0019),
  named('N Seoul Tower', 'N서울타워', 37.5512, 126.9882),
  named('Itaewon Station', '이태원역', 37.5345, 126.9946),
  named('Yongsan Station', '용산역', 37.5299, 126.9648),
  named('Samgakji Station', '삼각지역', 37.5347, 126.9731),
  named('Hongik Univ. Station', '홍대입구역', 37.5572, 126.9245),
  named('Sinchon Station', '신촌역', 37.5552, 126.9369),
  named('Hapjeong Station', '합정역', 37.5496, 126.9139),
  named('Digital Media City Station', '디지털미디어시티역', 37.577, 126.899),
  named('Gimpo Airport', '김포공항', 37.5624, 126.8013),
  named('Magok Station', '마곡역', 37.5602, 126.8254),
  named('Yeouido', '여의도', 37.5219, 126.9245),
  named('Yeongdeungpo Station', '영등포역', 37.5155, 126.9076),
  named('Mokdong Station', '목동역', 37.5262, 126.8645),
  named('Sindorim Station', '신도림역', 37.5088, 126.8913),
  named('Guro Digital Complex Station', '구로디지털단지역', 37.4852, 126.9015),
  named('Gasan Digital Complex Station', '가산디지털단지역', 37.4815, 126.8826),
  named('Noryangjin Station', '노량진역', 37.5133, 126.9426),
  named('Seoul Natl. Univ. Station', '서울대입구역', 37.4812, 126.9527),
  named('Sadang Station', '사당역', 37.4765, 126.9816),
  named('Express Bus Terminal', '고속터미널', 37.5049, 127.0049),
  named('Gangnam Station', '강남역', 37.4979, 127.0276),
  named('Sinsa Station', '신사역', 37.5163, 127.0203),
  named('Apgujeong Station', '압구정역', 37.5271, 127.0284),
  named('Cheongdam Station', '청담역', 37.5193, 127.0519),
  named('COEX', '코엑스', 37.5116, 127.0595),
  named('Seolleung Station', '선릉역', 37.5045, 127.049),
  named('Yangjae Station', '양재역', 37.484, 127.0346),
  named('Jamsil', '잠실', 37.5133, 127.1001),
  named('Olympic Park', '올림픽공원', 37.5162, 127.1309),
  named('Cheonho Station', '천호역', 37.5386, 127.1236),
  named('Konkuk Univ. Station', '건대입구역', 37.5404, 127.0692),
  named('Seongsu Station', '성수역', 37.5446, 127.056),
  named('Seoul Forest', '서울숲', 37.5444, 127.0374),
  named('Wangsimni Station', '왕십리역', 37.5612, 127.0371),
  named('Cheongnyangni Station', '청량리역', 37.5801, 127.047),
  named('Sangbong Station', '상봉역', 37.5966, 127.0853),
  named('Sungshin Women’s Univ. Station', '성신여대입구역', 37.5926, 127.0164),
  named('Gireum Station', '길음역', 37.6033, 127.0251),
  named('Suyu Station', '수유역', 37.638, 127.0257),
  named('Nowon Station', '노원역', 37.6551, 127.0613),
  named('Dobongsan Station', '도봉산역', 37.6896, 127.0449),
  named('Yeonsinnae Station', '연신내역', 37.619, 126.921),
  named('Bulgwang Station', '불광역', 37.6104, 126.9298),
];

/** Metres between two points, flat-earth: exact enough within a city. */
export const metersBetween = (a: { lat: number; lng: number }, b: { lat: number; lng: number }) =>
  Math.hypot((a.lat - b.lat) * 111_320, (a.lng - b.lng) * 111_320 * Math.cos((a.lat * Math.PI) / 180));

const nearest = (list: readonly Named[], at: { lat: number; lng: number }) =>
  list.reduce((best, place) => (metersBetween(place, at) < metersBetween(best, at) ? place : best));

/** How near a landmark must be to name a point after it. */
export const LANDMARK_WITHIN_M = 1_500;

/**
 * A point as a person says it: its district, and the landmark it is near when one is within
 * walking distance — "Gangnam-gu, near Gangnam Station" / "강남구 강남역 부근". The district is
 * the one whose office is nearest: a sketch of the borders, right for the middle of a district.
 */
export const describePoint = (at: { lat: number; lng: number }, language: 'en' | 'ko'): string => {
  const district = nearest(DISTRICTS, at);
  const landmark = nearest(LANDMARKS, at);
  const near = metersBetween(landmark, at) <= LANDMARK_WITHIN_M ? landmark : null;
  if (language === 'ko') return near ? `${district.ko} ${near.ko} 부근` : district.ko;
  return near ? `${district.en}, near ${near.en}` : district.en;
};
