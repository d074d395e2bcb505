/**
 * The fictional demo company's organisation 三级联动: company → branch 分公司
 * → area 片区 → station 站/营业所. Inspired by the Guizhou oil-sales article
 * (分公司领导班子—片区经理—站经理). Place, district and road names are real
 * Guizhou geography; the company and everything in it are made up.
 *
 * This is fixed data: the tree is the same for every seed and customer count.
 */

export interface AreaDef {
  /** Two digits, unique in the branch: area code = `${branch code}-${code}`. */
  code: string;
  /** 片区 name, e.g. '南明片区'. */
  name: string;
  /** The county-level division the area covers, e.g. '南明区', '仁怀市'. */
  district: string;
  /** GB/T 2260 code of that district, e.g. '520102'. */
  divisionCode: string;
  /** Where the district government sits: [latitude, longitude] (WGS-84, rounded). */
  seat: readonly [number, number];
  /** Roads in the district, for addresses. */
  roads: readonly string[];
  /** Neighbourhoods, towns and streets in the district, for names. */
  places: readonly string[];
  /** Station names, in order: station code = `${area code}-01`, `-02`, ... */
  stations: readonly string[];
}

export interface BranchDef {
  /** Upper-case code: branch code = `GZ-${code}`. */
  code: string;
  /** Prefecture-level city without 市, e.g. '遵义'. */
  city: string;
  /** GB/T 2260 code of the city, e.g. '520300'. */
  cityDivisionCode: string;
  /** Centre of the city: [latitude, longitude] (WGS-84, rounded). */
  seat: readonly [number, number];
  /** Share of the customers that the branch serves (relative). */
  weight: number;
  /** Industries typical of the city, added to the common ones with a high weight. */
  localIndustries: readonly string[];
  areas: readonly AreaDef[];
}

export const COMPANY = {
  code: 'GZ',
  name: '黔能能源销售有限公司',
  province: '贵州省',
  provinceDivisionCode: '520000',
  /** Head office in 贵阳 (观山湖区): [latitude, longitude]. */
  seat: [26.6165, 106.6465] as readonly [number, number],
} as const;

export const BRANCHES: readonly BranchDef[] = [
  {
    code: 'GY',
    city: '贵阳',
    cityDivisionCode: '520100',
    seat: [26.6470, 106.6302],
    weight: 30,
    localIndustries: ['铝业', '磷化工', '大数据科技', '制药', '卷烟配套'],
    areas: [
      {
        code: '01',
        name: '南明片区',
        district: '南明区',
        divisionCode: '520102',
        seat: [26.5680, 106.7145],
        roads: ['中华南路', '遵义路', '花果园大街', '解放路', '新华路', '市南路', '油榨街', '沙冲南路', '宝山南路'],
        places: ['花果园', '油榨街', '二戈寨', '太慈桥', '五里冲', '沙冲', '兴关'],
        stations: ['花果园营业所', '油榨街站', '二戈寨站'],
      },
      {
        code: '02',
        name: '云岩片区',
        district: '云岩区',
        divisionCode: '520103',
        seat: [26.6048, 106.7247],
        roads: ['中华北路', '延安中路', '北京路', '宝山北路', '黔灵西路', '贵乌北路', '友谊路', '中山西路'],
        places: ['北京路', '黔灵', '三桥', '头桥', '大营坡', '金鸭', '枣山路'],
        stations: ['北京路营业所', '黔灵站'],
      },
      {
        code: '03',
        name: '花溪片区',
        district: '花溪区',
        divisionCode: '520111',
        seat: [26.4098, 106.6703],
        roads: ['花溪大道', '清溪路', '明珠大道', '溪北路', '黔江路', '孟关大道', '贵筑路'],
        places: ['花溪', '孟关', '青岩', '小河', '石板', '党武', '久安'],
        stations: ['花溪营业所', '孟关站', '青岩站', '小河站'],
      },
      {
        code: '04',
        name: '观山湖片区',
        district: '观山湖区',
        divisionCode: '520115',
        seat: [26.6015, 106.6255],
        roads: ['林城西路', '长岭北路', '金阳南路', '观山东路', '诚信路', '金朱东路', '碧海南路'],
        places: ['金阳', '世纪城', '百花湖', '朱昌', '金华', '会展城'],
        stations: ['金阳营业所', '世纪城站', '百花湖站'],
      },
    ],
  },
  {
    code: 'ZY',
    city: '遵义',
    cityDivisionCode: '520300',
    seat: [27.7256, 106.9272],
    weight: 22,
    localIndustries: ['酒业', '酱香酒业', '航天机电', '茶业', '辣椒食品'],
    areas: [
      {
        code: '01',
        name: '红花岗片区',
        district: '红花岗区',
        divisionCode: '520302',
        seat: [27.6446, 106.8937],
        roads: ['中华路', '凤凰路', '延安路', '老城红旗路', '南京路', '忠庄路', '深溪大道'],
        places: ['丁字口', '忠庄', '深溪', '长征', '老城', '舟水桥', '南门关'],
        stations: ['丁字口营业所', '忠庄站', '深溪站'],
      },
      {
        code: '02',
        name: '汇川片区',
        district: '汇川区',
        divisionCode: '520303',
        seat: [27.7500, 106.9341],
        roads: ['上海路', '大连路', '北京路', '珠海路', '厦门路', '深圳路', '天津路', '人民路'],
        places: ['上海路', '高坪', '董公寺', '高桥', '洗马路', '团泽'],
        stations: ['上海路营业所', '高坪站'],
      },
      {
        code: '03',
        name: '播州片区',
        district: '播州区',
        divisionCode: '520304',
        seat: [27.5413, 106.8294],
        roads: ['播州大道', '桂花路', '府前路', '文化路', '中山路', '杉树路'],
        places: ['南白', '鸭溪', '龙坑', '三岔', '苟江', '龙岗'],
        stations: ['南白营业所', '鸭溪站', '龙坑站'],
      },
      {
        code: '04',
        name: '仁怀片区',
        district: '仁怀市',
        divisionCode: '520382',
        seat: [27.7921, 106.4013],
        roads: ['国酒大道', '酒都大道', '中枢路', '盐津路', '迎宾大道', '银水路'],
        places: ['茅台', '中枢', '盐津', '坛厂', '鲁班', '苍龙'],
        stations: ['茅台站', '中枢营业所'],
      },
    ],
  },
  {
    code: 'LPS',
    city: '六盘水',
    cityDivisionCode: '520200',
    seat: [26.5927, 104.8302],
    weight: 14,
    localIndustries: ['煤业', '钢铁', '焦化', '煤化工', '水泥'],
    areas: [
      {
        code: '01',
        name: '钟山片区',
        district: '钟山区',
        divisionCode: '520201',
        seat: [26.5750, 104.8432],
        roads: ['钟山大道', '人民路', '水西路', '凉都大道', '明湖路', '麒麟路', '钟山西路'],
        places: ['荷城', '德坞', '红桥', '黄土坡', '凤凰', '大河'],
        stations: ['荷城营业所', '德坞站', '红桥站'],
      },
      {
        code: '02',
        name: '盘州片区',
        district: '盘州市',
        divisionCode: '520281',
        seat: [25.7095, 104.4713],
        roads: ['胜境大道', '东湖路', '红果大道', '两河路', '亦资路'],
        places: ['红果', '柏果', '两河', '亦资', '刘官', '鸡场坪'],
        stations: ['红果营业所', '柏果站'],
      },
      {
        code: '03',
        name: '水城片区',
        district: '水城区',
        divisionCode: '520204',
        seat: [26.5470, 104.9573],
        roads: ['双水大道', '南环路', '迎宾路', '滨河路', '新园路'],
        places: ['双水', '董地', '尖山', '老鹰山', '木果'],
        stations: ['双水站', '董地站'],
      },
    ],
  },
  {
    code: 'AS',
    city: '安顺',
    cityDivisionCode: '520400',
    seat: [26.2455, 105.9320],
    weight: 10,
    localIndustries: ['航空配件', '蜡染工艺', '中药材加工', '石材'],
    areas: [
      {
        code: '01',
        name: '西秀片区',
        district: '西秀区',
        divisionCode: '520402',
        seat: [26.2454, 105.9656],
        roads: ['塔山东路', '中华东路', '黄果树大街', '南华路', '若飞路', '西秀路', '虹山湖路'],
        places: ['塔山', '华西', '宁谷', '东关', '新安', '七眼桥'],
        stations: ['塔山营业所', '华西站', '宁谷站'],
      },
      {
        code: '02',
        name: '平坝片区',
        district: '平坝区',
        divisionCode: '520403',
        seat: [26.4058, 106.2565],
        roads: ['安平大道', '平坝大道', '城南路', '文化路', '夏云路'],
        places: ['安平', '夏云', '白云', '天龙', '乐平'],
        stations: ['安平营业所', '夏云站'],
      },
    ],
  },
  {
    code: 'BJ',
    city: '毕节',
    cityDivisionCode: '520500',
    seat: [27.3021, 105.2850],
    weight: 14,
    localIndustries: ['煤业', '天麻加工', '电力设备', '新型建材'],
    areas: [
      {
        code: '01',
        name: '七星关片区',
        district: '七星关区',
        divisionCode: '520502',
        seat: [27.2982, 105.3050],
        roads: ['洪山路', '威宁路', '麻园路', '广惠路', '碧阳大道', '松山路', '招商大道'],
        places: ['洪山', '碧阳', '鸭池', '观音桥', '市西', '德溪'],
        stations: ['洪山营业所', '碧阳站', '鸭池站'],
      },
      {
        code: '02',
        name: '大方片区',
        district: '大方县',
        divisionCode: '520521',
        seat: [27.1431, 105.6132],
        roads: ['顺德路', '奢香路', '红旗路', '慕俄格大道', '新华路'],
        places: ['顺德', '黄泥塘', '羊场', '凤山', '慕俄格'],
        stations: ['顺德营业所', '黄泥塘站'],
      },
      {
        code: '03',
        name: '金沙片区',
        district: '金沙县',
        divisionCode: '520523',
        seat: [27.4594, 106.2201],
        roads: ['鼓场路', '民族路', '新华路', '金沙大道', '西洛路'],
        places: ['鼓场', '西洛', '沙土', '岩孔', '禹谟'],
        stations: ['鼓场营业所', '西洛站'],
      },
    ],
  },
  {
    code: 'TR',
    city: '铜仁',
    cityDivisionCode: '520600',
    seat: [27.7183, 109.1896],
    weight: 10,
    localIndustries: ['锰业', '汞化工', '新能源材料', '抹茶加工'],
    areas: [
      {
        code: '01',
        name: '碧江片区',
        district: '碧江区',
        divisionCode: '520602',
        seat: [27.7187, 109.1916],
        roads: ['锦江路', '解放路', '清水大道', '桃源大道', '南长城路', '东太大道', '川硐大道'],
        places: ['河西', '川硐', '灯塔', '环北', '谢桥', '市中'],
        stations: ['河西营业所', '川硐站', '灯塔站'],
      },
      {
        code: '02',
        name: '万山片区',
        district: '万山区',
        divisionCode: '520603',
        seat: [27.5169, 109.2136],
        roads: ['丹都大道', '万山大道', '仁山路', '谢桥大道', '茶店路'],
        places: ['丹都', '仁山', '高楼坪', '茶店', '黄道'],
        stations: ['丹都营业所', '仁山站'],
      },
    ],
  },
];
