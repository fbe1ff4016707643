import type { TermBoundary, TermEntry } from './term-matcher';

/**
 * Terms denied in every room, before any seller's own list: solicitation to
 * move off-platform, scam/fraud offers and plain abuse, in Chinese and English.
 *
 * Every entry was checked against ordinary produce talk: no entry may occur
 * inside a normal question about price, weight, stock or shipping. That is why
 * some obvious candidates are absent: 垃圾 (垃圾袋), 妈的 (我妈的生日),
 * 骗人 (绝不骗人), 去死 (去死皮), 加微 (加微辣), ass (grass), shit inside
 * shitake, scam inside scampi.
 */

const CHINESE: readonly string[] = [
  // leaving the platform
  '加微信', '加薇信', '加威信', '加v信', '加我微信', '加个微信', '加我薇信', '私聊', '私信我', '加扣扣',
  // scams and illegal offers
  '刷单', '刷信誉', '刷好评', '返现', '兼职日结', '日赚千元', '躺赚', '网赌', '博彩', '六合彩', '时时彩',
  '裸聊', '约炮', '援交', '代开发票', '办假证', '网贷', '套现', '洗钱', '传销', '杀猪盘',
  // abuse
  '骗子', '傻逼', '傻屄', '煞笔', '傻叉', '操你妈', '草泥马', '你妈死了', '他妈的', '去你妈', '狗日的', '王八蛋',
  '贱人', '婊子', '脑残', '弱智', '死全家',
];

// Chinese with a Latin edge: the Latin side still needs a word boundary (加v must not hit 加vip).
const MIXED: readonly string[] = ['加vx', '加wx', '加v', '加qq', '傻b'];

// English, plus pinyin spellings of the Chinese solicitations.
const LATIN_ANYWHERE: readonly string[] = ['fuck', 'motherfucker', 'bullshit', 'dickhead', 'onlyfans', 'jiaweixin', 'shuadan'];

const LATIN_WORD_START: readonly string[] = ['bitch', 'bastard', 'asshole', 'cunt', 'whore', 'slut', 'fraudster'];

const LATIN_WHOLE_WORD: readonly string[] = [
  'shit', 'shitty', 'fck', 'wtf', 'stfu', 'dmme', 'cnm', 'nmsl', 'tmd',
  'scam', 'scams', 'scammer', 'scammers', 'scammed', 'scamming',
];

function entries(terms: readonly string[], boundary: TermBoundary): TermEntry[] {
  return terms.map((term) => ({ term, source: 'global', boundary }));
}

export const GLOBAL_TERMS: readonly TermEntry[] = [
  ...entries(CHINESE, 'anywhere'),
  ...entries(MIXED, 'whole-word'),
  ...entries(LATIN_ANYWHERE, 'anywhere'),
  ...entries(LATIN_WORD_START, 'word-start'),
  ...entries(LATIN_WHOLE_WORD, 'whole-word'),
];
