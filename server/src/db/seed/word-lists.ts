/**
 * Word lists for the demo data: personal names (with pinyin, for e-mail and
 * WeChat ids), trade names 字号, industries and job titles.
 */

/** Surname, pinyin, relative frequency (roughly the national ranking, with Guizhou's 杨罗龙吴田 lifted). */
export const SURNAMES: readonly (readonly [string, string, number])[] = [
  ['王', 'wang', 70], ['李', 'li', 70], ['张', 'zhang', 65], ['刘', 'liu', 55], ['陈', 'chen', 50],
  ['杨', 'yang', 45], ['黄', 'huang', 25], ['赵', 'zhao', 22], ['吴', 'wu', 25], ['周', 'zhou', 22],
  ['徐', 'xu', 15], ['孙', 'sun', 14], ['马', 'ma', 13], ['朱', 'zhu', 12], ['胡', 'hu', 12],
  ['郭', 'guo', 11], ['何', 'he', 10], ['高', 'gao', 10], ['林', 'lin', 9], ['罗', 'luo', 16],
  ['郑', 'zheng', 8], ['梁', 'liang', 8], ['谢', 'xie', 7], ['宋', 'song', 7], ['唐', 'tang', 7],
  ['许', 'xu', 6], ['韩', 'han', 6], ['冯', 'feng', 6], ['邓', 'deng', 6], ['曹', 'cao', 6],
  ['彭', 'peng', 5], ['曾', 'zeng', 5], ['肖', 'xiao', 5], ['田', 'tian', 9], ['董', 'dong', 5],
  ['袁', 'yuan', 5], ['潘', 'pan', 4], ['蒋', 'jiang', 4], ['蔡', 'cai', 4], ['余', 'yu', 4],
  ['杜', 'du', 4], ['叶', 'ye', 4], ['程', 'cheng', 4], ['苏', 'su', 4], ['魏', 'wei', 4],
  ['吕', 'lv', 3], ['丁', 'ding', 3], ['任', 'ren', 3], ['沈', 'shen', 3], ['姚', 'yao', 3],
  ['卢', 'lu', 3], ['姜', 'jiang', 3], ['崔', 'cui', 3], ['钟', 'zhong', 3], ['谭', 'tan', 3],
  ['陆', 'lu', 3], ['汪', 'wang', 3], ['范', 'fan', 3], ['金', 'jin', 3], ['石', 'shi', 4],
  ['廖', 'liao', 3], ['贾', 'jia', 2], ['夏', 'xia', 2], ['韦', 'wei', 3], ['付', 'fu', 2],
  ['方', 'fang', 2], ['白', 'bai', 2], ['邹', 'zou', 2], ['孟', 'meng', 2], ['熊', 'xiong', 3],
  ['秦', 'qin', 2], ['邱', 'qiu', 2], ['江', 'jiang', 2], ['尹', 'yin', 2], ['薛', 'xue', 2],
  ['段', 'duan', 2], ['雷', 'lei', 2], ['侯', 'hou', 2], ['龙', 'long', 5], ['史', 'shi', 2],
  ['陶', 'tao', 2], ['黎', 'li', 2], ['贺', 'he', 2], ['顾', 'gu', 1], ['毛', 'mao', 2],
  ['郝', 'hao', 1], ['龚', 'gong', 1], ['邵', 'shao', 1], ['万', 'wan', 1], ['钱', 'qian', 1],
  ['严', 'yan', 1], ['覃', 'qin', 1], ['武', 'wu', 1], ['戴', 'dai', 1], ['莫', 'mo', 1],
  ['向', 'xiang', 1], ['安', 'an', 1], ['欧阳', 'ouyang', 1], ['令狐', 'linghu', 1],
];

/** Characters used in given names, with pinyin: masculine, feminine and either. */
export const GIVEN_MALE: readonly (readonly [string, string])[] = [
  ['伟', 'wei'], ['强', 'qiang'], ['磊', 'lei'], ['军', 'jun'], ['勇', 'yong'], ['杰', 'jie'], ['涛', 'tao'],
  ['明', 'ming'], ['超', 'chao'], ['刚', 'gang'], ['斌', 'bin'], ['波', 'bo'], ['辉', 'hui'], ['鹏', 'peng'],
  ['宇', 'yu'], ['浩', 'hao'], ['凯', 'kai'], ['健', 'jian'], ['俊', 'jun'], ['建', 'jian'], ['国', 'guo'],
  ['志', 'zhi'], ['成', 'cheng'], ['海', 'hai'], ['毅', 'yi'], ['峰', 'feng'], ['飞', 'fei'], ['旭', 'xu'],
  ['东', 'dong'], ['亮', 'liang'], ['彬', 'bin'], ['德', 'de'], ['福', 'fu'], ['贵', 'gui'], ['永', 'yong'],
  ['昌', 'chang'], ['龙', 'long'], ['鑫', 'xin'], ['昊', 'hao'], ['航', 'hang'], ['博', 'bo'], ['川', 'chuan'],
  ['祥', 'xiang'], ['兵', 'bing'], ['江', 'jiang'], ['武', 'wu'],
];
export const GIVEN_FEMALE: readonly (readonly [string, string])[] = [
  ['芳', 'fang'], ['娜', 'na'], ['敏', 'min'], ['静', 'jing'], ['丽', 'li'], ['艳', 'yan'], ['娟', 'juan'],
  ['秀', 'xiu'], ['霞', 'xia'], ['桂', 'gui'], ['英', 'ying'], ['玲', 'ling'], ['琳', 'lin'], ['雪', 'xue'],
  ['梅', 'mei'], ['红', 'hong'], ['兰', 'lan'], ['春', 'chun'], ['燕', 'yan'], ['婷', 'ting'], ['倩', 'qian'],
  ['欣', 'xin'], ['怡', 'yi'], ['蕾', 'lei'], ['璐', 'lu'], ['颖', 'ying'], ['慧', 'hui'], ['丹', 'dan'],
  ['萍', 'ping'], ['琴', 'qin'], ['莉', 'li'], ['蓉', 'rong'], ['诗', 'shi'], ['雨', 'yu'], ['洁', 'jie'],
  ['薇', 'wei'], ['瑶', 'yao'],
];
export const GIVEN_EITHER: readonly (readonly [string, string])[] = [
  ['华', 'hua'], ['平', 'ping'], ['文', 'wen'], ['林', 'lin'], ['小', 'xiao'], ['晓', 'xiao'], ['睿', 'rui'],
  ['佳', 'jia'], ['嘉', 'jia'], ['子', 'zi'], ['梓', 'zi'], ['晨', 'chen'], ['阳', 'yang'], ['荣', 'rong'],
  ['黔', 'qian'], ['思', 'si'], ['清', 'qing'], ['云', 'yun'], ['金', 'jin'], ['家', 'jia'],
];

/** Trade names 字号 for enterprises, hotels and compounds (fictional). */
export const BRANDS: readonly string[] = [
  '鑫源', '恒达', '宏盛', '黔丰', '华瑞', '金鼎', '永盛', '盛世', '天成', '瑞丰', '锦华', '兴隆', '佳和', '泰和',
  '联创', '富源', '荣昌', '凯达', '顺通', '安泰', '新华', '龙腾', '广源', '宏远', '华兴', '金盛', '银河', '明珠',
  '东方', '西南', '黔龙', '乌江', '赤水河', '苗岭', '夜郎', '娄山', '梵净', '红枫', '百灵', '山水', '云峰', '嘉禾',
  '德润', '和信', '众鑫', '汇通', '星光', '阳光', '中盛', '黔源', '凉都', '乌蒙', '黔北', '黔中', '金沙江', '长顺',
  '鸿运', '福满', '祥和', '利民', '康宁', '博远', '诚达', '同心', '万通', '恒信', '裕丰', '大成', '九鼎', '远航',
  '正阳', '中和', '宏图', '鼎盛', '国泰', '鑫隆', '亿丰', '中恒', '润通', '峰华', '青山', '绿洲', '金阳', '花溪',
  '筑城', '林城', '雅居', '翠湖', '荷塘', '玉屏', '黔灵', '云岭', '碧云', '铜鼓', '凤凰', '麒麟', '聚福', '盛和',
];

/** Industries found in every city; the branch adds its local ones. */
export const COMMON_INDUSTRIES: readonly string[] = [
  '化工', '水泥', '建材', '铝业', '钢结构', '陶瓷', '玻璃', '食品', '饮料', '制药', '机械制造', '电子科技',
  '新材料', '铁合金', '冶金', '纺织', '包装', '塑业', '茶业', '混凝土', '铸造', '印务', '木业', '饲料',
  '农产品加工', '汽车配件', '电缆', '磷肥', '涂料', '再生资源',
];

export const RESIDENTIAL_SUFFIXES: readonly string[] = [
  '小区', '小区', '小区', '花园', '家园', '雅苑', '新城', '华府', '名苑', '公馆', '国际社区', '山水城', '新村', '佳园',
];

/** Bureaus 机关 that buy energy for their office compounds. */
export const BUREAUS: readonly string[] = [
  '机关事务管理局', '教育局', '公安局', '市场监督管理局', '自然资源局', '住房和城乡建设局', '水务局',
  '交通运输局', '卫生健康局', '人民法院', '人民检察院', '税务局', '应急管理局', '生态环境局',
];

/** Kinds of private (民办) hospitals: `${city}${brand}${kind}`. */
export const PRIVATE_HOSPITALS: readonly string[] = ['医院', '口腔医院', '骨科医院', '妇产医院', '眼科医院', '康复医院', '中医医院'];

/** Kinds of private (民办) schools. */
export const PRIVATE_SCHOOLS: readonly string[] = ['幼儿园', '幼儿园', '学校', '外国语学校', '职业技术学校', '培训学校'];

/** Chinese numerals for 1..99 ('一', '十二', '三十五'). */
export function cnNumber(n: number): string {
  const digits = '零一二三四五六七八九';
  if (!Number.isInteger(n) || n < 1 || n > 99) return String(n);
  if (n < 10) return digits[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return (tens === 1 ? '' : digits[tens]!) + '十' + (ones === 0 ? '' : digits[ones]!);
}

/** [title, contact role, weight]; the first list of each kind feeds the primary contact. */
export type TitleEntry = readonly [string, 'DECISION_MAKER' | 'FINANCE' | 'TECHNICAL' | 'SITE' | 'OTHER', number];

export interface KindTitles {
  primary: readonly TitleEntry[];
  others: readonly TitleEntry[];
}

const ENTERPRISE_OTHERS: readonly TitleEntry[] = [
  ['财务经理', 'FINANCE', 4], ['会计', 'FINANCE', 3], ['出纳', 'FINANCE', 2], ['设备科长', 'TECHNICAL', 4],
  ['动力车间主任', 'TECHNICAL', 3], ['安全环保部部长', 'SITE', 2], ['生产厂长', 'DECISION_MAKER', 2],
  ['采购经理', 'OTHER', 3], ['办公室主任', 'OTHER', 2], ['电工班长', 'SITE', 2],
];

export const TITLES: Record<string, KindTitles> = {
  INDUSTRIAL: {
    primary: [['总经理', 'DECISION_MAKER', 5], ['副总经理', 'DECISION_MAKER', 3], ['厂长', 'DECISION_MAKER', 3], ['财务总监', 'FINANCE', 2], ['财务经理', 'FINANCE', 2]],
    others: ENTERPRISE_OTHERS,
  },
  COMMERCIAL: {
    primary: [['总经理', 'DECISION_MAKER', 4], ['店长', 'DECISION_MAKER', 3], ['老板', 'DECISION_MAKER', 2], ['财务主管', 'FINANCE', 2]],
    others: [['财务主管', 'FINANCE', 3], ['会计', 'FINANCE', 3], ['工程部经理', 'TECHNICAL', 3], ['行政经理', 'OTHER', 2], ['店长', 'SITE', 2], ['后厨主管', 'SITE', 2], ['采购', 'OTHER', 1]],
  },
  PUBLIC_INSTITUTION: {
    primary: [['后勤主任', 'DECISION_MAKER', 5], ['总务处处长', 'DECISION_MAKER', 3], ['后勤保障部部长', 'DECISION_MAKER', 2], ['副院长', 'DECISION_MAKER', 1], ['财务科长', 'FINANCE', 3], ['办公室主任', 'DECISION_MAKER', 2]],
    others: [['财务科长', 'FINANCE', 3], ['会计', 'FINANCE', 2], ['设备科科长', 'TECHNICAL', 3], ['锅炉房班长', 'SITE', 2], ['水电工', 'SITE', 2], ['办公室主任', 'OTHER', 2], ['总务干事', 'OTHER', 2]],
  },
  HOTEL: {
    primary: [['总经理', 'DECISION_MAKER', 5], ['驻店经理', 'DECISION_MAKER', 2], ['财务总监', 'FINANCE', 2]],
    others: [['工程部经理', 'TECHNICAL', 4], ['财务经理', 'FINANCE', 3], ['采购部经理', 'OTHER', 2], ['行政总厨', 'SITE', 2], ['前厅经理', 'OTHER', 1], ['工程主管', 'SITE', 2]],
  },
  CNG_STATION: {
    primary: [['站长', 'DECISION_MAKER', 5], ['总经理', 'DECISION_MAKER', 3], ['财务经理', 'FINANCE', 1]],
    others: [['安全员', 'SITE', 3], ['会计', 'FINANCE', 3], ['设备主管', 'TECHNICAL', 3], ['班长', 'SITE', 2], ['副站长', 'OTHER', 2]],
  },
  TRANSPORT_FLEET: {
    primary: [['总经理', 'DECISION_MAKER', 5], ['副总经理', 'DECISION_MAKER', 2], ['车队队长', 'DECISION_MAKER', 2], ['财务经理', 'FINANCE', 2]],
    others: [['财务经理', 'FINANCE', 3], ['调度主任', 'SITE', 3], ['安全运营部经理', 'SITE', 2], ['机务主管', 'TECHNICAL', 3], ['车队队长', 'OTHER', 2], ['出纳', 'FINANCE', 1]],
  },
  RESIDENTIAL_COMPOUND: {
    primary: [['物业经理', 'DECISION_MAKER', 5], ['业委会主任', 'DECISION_MAKER', 2], ['物业公司总经理', 'DECISION_MAKER', 2]],
    others: [['工程主管', 'TECHNICAL', 3], ['收费主管', 'FINANCE', 3], ['客服主管', 'OTHER', 3], ['维修班长', 'SITE', 2], ['业委会委员', 'OTHER', 1]],
  },
};

/** Mobile number prefixes of the three carriers. */
export const MOBILE_PREFIXES: readonly string[] = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '147', '150', '151', '152', '153', '155',
  '156', '157', '158', '159', '166', '173', '175', '176', '177', '178', '180', '181', '182', '183', '184', '185',
  '186', '187', '188', '189', '191', '198', '199',
];

export const EMAIL_DOMAINS: readonly (readonly [string, number])[] = [
  ['qq.com', 5], ['163.com', 4], ['126.com', 2], ['sina.com', 1], ['139.com', 1], ['foxmail.com', 1], ['aliyun.com', 1],
];
