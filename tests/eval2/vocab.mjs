// Word lists of the second evaluation (see README.md). Written for this
// evaluation alone: nothing here is taken from the demo generator
// (crates/demo), so that a search tuned on the demo meets names it has not
// seen. Places are real administrative divisions, because the grammar of a
// place prefix (宁波市鄞州区, 浙江, 佛山) is what is tested; every enterprise
// is fictional. Pinyin is written per word by hand, so characters with
// several readings in a place name (厦门) are read as the place is read.

/** Trade-name characters with their toneless pinyin (one reading each). */
export const TRADE_CHARS = `
澜lan 峻jun 卓zhuo 越yue 朗lang 骏jun 驰chi 航hang 帆fan 舟zhou 岚lan 屹yi
峰feng 川chuan 溪xi 湖hu 洋yang 泓hong 沛pei 澄cheng 雪xue 霞xia 虹hong 霖lin
晴qing 曦xi 旭xu 昱yu 晟sheng 晖hui 耀yao 煜yu 炫xuan 烨ye 焱yan 灿can 辉hui
星xing 月yue 云yun 松song 竹zhu 梅mei 兰lan 菊ju 桦hua 楠nan 杉shan 枫feng
槐huai 荷he 莲lian 芷zhi 蔚wei 茂mao 蓝lan 紫zi 玉yu 翠cui 琪qi 琦qi 璟jing
瑜yu 珀po 钧jun 鼎ding 铭ming 锦jin 绣xiu 凯kai 捷jie 迅xun 腾teng 飞fei
鹏peng 鸿hong 雁yan 鹤he 麒qi 麟lin 骐qi 虎hu 狮shi 鹰ying 宇yu 宙zhou 恒heng
久jiu 永yong 康kang 泰tai 旺wang 隆long 丰feng 益yi 诚cheng 信xin 仁ren 德de
美mei 佳jia 优you 精jing 创chuang 维wei 志zhi 远yuan 博bo 达da 汇hui 聚ju
力li 威wei 雄xiong 豪hao 杰jie 英ying 宏hong 伟wei 嘉jia 祥xiang 瑞rui 福fu
禄lu 寿shou 喜xi 春chun 秋qiu 冬dong 夏xia 翔xiang 骁xiao 凌ling 钰yu 铂bo
`
  .trim()
  .split(/\s+/)
  .map((t) => [t[0], t.slice(1)]);

/** Industries: the word in a name, its pinyin by syllable, product words a brand is sold with. */
export const INDUSTRIES = [
  ["电器", "dian qi", ["电器", "电热水器", "电风扇"]],
  ["电缆", "dian lan", ["电缆", "电线"]],
  ["线缆", "xian lan", ["线缆", "光缆"]],
  ["食品", "shi pin", ["饼干", "月饼", "速冻水饺"]],
  ["纺织", "fang zhi", ["面料", "毛巾"]],
  ["机械", "ji xie", ["机床", "减速机"]],
  ["包装", "bao zhuang", ["纸箱", "包装袋"]],
  ["塑胶", "su jiao", ["塑料管", "塑胶件"]],
  ["五金", "wu jin", ["门锁", "合页"]],
  ["陶瓷", "tao ci", ["瓷砖", "餐具"]],
  ["服饰", "fu shi", ["衬衫", "羽绒服"]],
  ["家具", "jia ju", ["沙发", "床垫"]],
  ["阀门", "fa men", ["阀门", "球阀"]],
  ["泵业", "beng ye", ["水泵"]],
  ["涂料", "tu liao", ["涂料", "乳胶漆"]],
  ["照明", "zhao ming", ["灯具", "台灯"]],
  ["卫浴", "wei yu", ["水龙头", "花洒"]],
  ["化工", "hua gong", ["胶粘剂", "洗涤剂"]],
  ["医疗器械", "yi liao qi xie", ["口罩", "体温计"]],
  ["汽车配件", "qi che pei jian", ["刹车片", "滤清器"]],
  ["轴承", "zhou cheng", ["轴承"]],
  ["茶业", "cha ye", ["绿茶", "红茶"]],
  ["酒业", "jiu ye", ["白酒", "黄酒"]],
  ["乳业", "ru ye", ["牛奶", "酸奶"]],
  ["印务", "yin wu", ["票据", "画册"]],
  ["玩具", "wan ju", ["积木", "玩具"]],
  ["光电", "guang dian", ["光模块"]],
  ["新材料", "xin cai liao", ["复合板"]],
  ["环保科技", "huan bao ke ji", ["净水器", "滤芯"]],
  ["智能科技", "zhi neng ke ji", ["门锁", "扫地机"]],
  ["生物科技", "sheng wu ke ji", ["酵素", "益生菌"]],
  ["精密模具", "jing mi mo ju", ["模具"]],
  ["门窗", "men chuang", ["铝合金门窗", "防盗门"]],
  ["管业", "guan ye", ["水管", "管材"]],
  ["厨具", "chu ju", ["炒锅", "燃气灶"]],
  ["电子", "dian zi", ["充电器", "插座"]],
  ["仪表", "yi biao", ["水表", "电能表"]],
  ["制药", "zhi yao", ["片剂"]],
  ["饮料", "yin liao", ["果汁", "矿泉水"]],
  ["钢构", "gang gou", ["钢结构件"]],
  ["轮胎", "lun tai", ["轮胎"]],
  ["箱包", "xiang bao", ["拉杆箱", "背包"]],
  ["鞋业", "xie ye", ["皮鞋", "运动鞋"]],
  ["眼镜", "yan jing", ["镜架", "眼镜"]],
  ["灯饰", "deng shi", ["吊灯", "灯饰"]],
];

/** Company forms and how often each is drawn. */
export const FORMS = [
  ["有限公司", 55],
  ["股份有限公司", 15],
  ["有限责任公司", 12],
  ["集团有限公司", 6],
  ["实业有限公司", 6],
  ["厂", 6],
];

/**
 * Provinces, their cities and some districts or county-level cities, with
 * pinyin and the division code (GB/T 2260) that goes into a credit code.
 */
export const PROVINCES = [
  ["浙江", "zhe jiang", [
    ["宁波", "ning bo", "330200", [["鄞州区", "yin zhou qu", "330212"], ["北仑区", "bei lun qu", "330206"], ["镇海区", "zhen hai qu", "330211"], ["慈溪市", "ci xi shi", "330282"], ["余姚市", "yu yao shi", "330281"]]],
    ["温州", "wen zhou", "330300", [["瓯海区", "ou hai qu", "330304"], ["龙湾区", "long wan qu", "330303"], ["瑞安市", "rui an shi", "330381"]]],
    ["台州", "tai zhou", "331000", [["黄岩区", "huang yan qu", "331003"], ["路桥区", "lu qiao qu", "331004"], ["温岭市", "wen ling shi", "331081"]]],
    ["嘉兴", "jia xing", "330400", [["海宁市", "hai ning shi", "330481"], ["桐乡市", "tong xiang shi", "330483"]]],
    ["绍兴", "shao xing", "330600", [["柯桥区", "ke qiao qu", "330603"], ["诸暨市", "zhu ji shi", "330681"]]],
    ["金华", "jin hua", "330700", [["义乌市", "yi wu shi", "330782"], ["永康市", "yong kang shi", "330784"], ["东阳市", "dong yang shi", "330783"]]],
    ["湖州", "hu zhou", "330500", [["德清县", "de qing xian", "330521"], ["安吉县", "an ji xian", "330523"]]],
  ]],
  ["广东", "guang dong", [
    ["佛山", "fo shan", "440600", [["顺德区", "shun de qu", "440606"], ["南海区", "nan hai qu", "440605"], ["三水区", "san shui qu", "440607"]]],
    ["东莞", "dong guan", "441900", []],
    ["中山", "zhong shan", "442000", []],
    ["珠海", "zhu hai", "440400", [["香洲区", "xiang zhou qu", "440402"], ["斗门区", "dou men qu", "440403"]]],
  ]],
  ["山东", "shan dong", [
    ["青岛", "qing dao", "370200", [["黄岛区", "huang dao qu", "370211"], ["城阳区", "cheng yang qu", "370214"], ["即墨区", "ji mo qu", "370215"]]],
    ["潍坊", "wei fang", "370700", [["寿光市", "shou guang shi", "370783"], ["诸城市", "zhu cheng shi", "370782"]]],
    ["烟台", "yan tai", "370600", [["福山区", "fu shan qu", "370611"], ["莱山区", "lai shan qu", "370613"]]],
    ["淄博", "zi bo", "370300", [["张店区", "zhang dian qu", "370303"], ["博山区", "bo shan qu", "370304"]]],
  ]],
  ["江苏", "jiang su", [
    ["苏州", "su zhou", "320500", [["吴江区", "wu jiang qu", "320509"], ["吴中区", "wu zhong qu", "320506"], ["昆山市", "kun shan shi", "320583"]]],
    ["无锡", "wu xi", "320200", [["惠山区", "hui shan qu", "320206"], ["锡山区", "xi shan qu", "320205"], ["江阴市", "jiang yin shi", "320281"]]],
    ["常州", "chang zhou", "320400", [["武进区", "wu jin qu", "320412"], ["新北区", "xin bei qu", "320411"]]],
    ["南通", "nan tong", "320600", [["海门区", "hai men qu", "320614"], ["如皋市", "ru gao shi", "320682"]]],
  ]],
  ["福建", "fu jian", [
    ["泉州", "quan zhou", "350500", [["晋江市", "jin jiang shi", "350582"], ["丰泽区", "feng ze qu", "350503"], ["南安市", "nan an shi", "350583"]]],
    ["厦门", "xia men", "350200", [["集美区", "ji mei qu", "350211"], ["海沧区", "hai cang qu", "350205"]]],
  ]],
  ["河南", "he nan", [
    ["郑州", "zheng zhou", "410100", [["金水区", "jin shui qu", "410105"], ["中原区", "zhong yuan qu", "410102"]]],
  ]],
  ["湖北", "hu bei", [
    ["武汉", "wu han", "420100", [["江夏区", "jiang xia qu", "420115"], ["汉阳区", "han yang qu", "420105"]]],
  ]],
  ["安徽", "an hui", [
    ["合肥", "he fei", "340100", [["庐阳区", "lu yang qu", "340103"], ["蜀山区", "shu shan qu", "340104"]]],
  ]],
];

/** Pinyin of the characters of company forms and place suffixes. */
export const FORM_PINYIN = {
  有: "you", 限: "xian", 公: "gong", 司: "si", 股: "gu", 份: "fen", 责: "ze", 任: "ren",
  集: "ji", 团: "tuan", 实: "shi", 业: "ye", 厂: "chang", 市: "shi", 区: "qu", 省: "sheng", 县: "xian",
};

/** Simplified → traditional, for the characters above that have a traditional form. */
export const TRADITIONAL = Object.fromEntries(
  `澜瀾 骏駿 驰馳 岚嵐 晖暉 烨燁 灿燦 辉輝 云雲 枫楓 莲蓮 蓝藍 锦錦 绣繡 凯凱 腾騰 飞飛 鹏鵬 鸿鴻 鹤鶴
   骐騏 狮獅 鹰鷹 东東 丰豐 诚誠 优優 创創 维維 远遠 达達 汇匯 伟偉 杰傑 钧鈞 铭銘 兰蘭 禄祿 寿壽 骁驍
   钰鈺 铂鉑 电電 缆纜 线線 纺紡 织織 机機 装裝 胶膠 饰飾 阀閥 门門 业業 涂塗 卫衛 医醫 疗療 车車 轴軸
   务務 环環 药藥 饮飲 钢鋼 构構 轮輪 镜鏡 灯燈 厨廚 仪儀 制製 责責 团團 实實 厂廠 区區 县縣 宁寧 岛島
   苏蘇 温溫 锡錫 郑鄭 汉漢 顺順 仑侖 镇鎮 余餘 黄黃 吴吳 瓯甌 龙龍 湾灣 晋晉 阴陰 广廣 东東 岩巖 岭嶺
   诸諸 乌烏 阳陽 门門 张張 庐廬 莱萊 乡鄉 桥橋 进進 泽澤 潍濰 寿壽 丰豐`
    .trim()
    .split(/\s+/)
    .map((p) => [p[0], p[1]]),
);

/** Honour titles and authorities: all fictional and marked so. */
export const AUTHORITIES = ["（虚构）市场监督管理局", "（虚构）质量发展促进会", "（虚构）品牌评价中心"];
