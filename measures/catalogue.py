"""The 23 measures of 邢人社办〔2024〕84号 and their indicators (shipped with the portal).

Loaded by migration 0002 and re-ensured after every migrate/flush; never overwrites staff edits.
The yearly targets are policy figures (``measures/policy.py``, defaults in
``measures/policy_defaults.toml`` with the clause each comes from; a target the text gives no
figure for is provisional). The policy text names no lead office for any measure (邢人社办〔2024〕84号 is addressed to "局属各相关科室、
单位" as a whole): the offices below are the bureau's usual assignment, loaded as provisional
(``lead_office_confirmed`` false, shown as such on the pages) until staff confirm them in the admin."""

from __future__ import annotations

DOC = "邢人社办〔2024〕84号"

# number, title, provisional lead office (not in the policy text), clause (abridged from the policy text)
MEASURES = [
    (1, "定期发布“最具就业带动力”企业榜单", "就业促进科",
     "建立拉动就业重点企业名单……每年评选一次“最具就业带动力”优秀用工企业，并在市人社局官网张榜发布。"),
    (2, "延续实施失业保险稳就业促就业系列政策", "失业保险科",
     "一是延续实施阶段性降低失业保险费率至1%的政策……二是延续实施失业保险稳岗返还政策……三是延续实施技能提升补贴政策……四是合并实施一次性吸纳就业补贴和一次性扩岗补助政策。"),
    (3, "落实企业吸纳重点群体就业社保补贴“直补快办”", "就业促进科",
     "企业申领补贴全程网上经办，做到“一次审批，全期畅领”。2024年全市通过“直补快办”发放吸纳就业社保补贴1000万元以上。"),
    (4, "深化技工教育改革，做好技能人才评价工作", "职业能力建设科",
     "鼓励技工院校与重点企业开展校企合作，通过“工学一体”“订单班”“企业新型学徒制”等多种方式……建立质量评估与备案资质相关联的管理机制……全年开展校企合作5类30个班次，定向培养2000人次以上。"),
    (5, "打造太行泉城职业技能竞赛品牌", "职业能力建设科",
     "依托头部企业精心打造13个市级一、二类职业技能大赛……创建以市级大赛为主，行业竞赛为辅，县级竞赛、企业比赛纷呈的邢台技能竞赛品牌。"),
    (6, "开发政校企合作智慧信息平台", "信息中心",
     "融合人社“一码通”政策服务功能，实现就业创业、社会保险、人事人才、劳动关系等人社领域391项政策“码”上服务。"),
    (7, "开展百家人力资源服务机构“企业行”活动", "人力资源流动管理科",
     "依托全市100余家优质人力资源服务机构，与重点企业建立深入合作机制，每个机构联系服务不少于3家企业。"),
    (8, "组织创业担保贷款政策宣传年系列活动", "市就业服务中心",
     "分别于3、5、7、9、12月举办“新年新政策宣传周”“春风送温暖”“相约夏季”“爱在深秋”“冬雪见欢颜”为主题的政策宣传活动。"),
    (9, "设立“邢襄创业风云榜”", "市就业服务中心",
     "通过县级推荐、市级优选，建成市级创业项目库，并分批向社会公布。"),
    (10, "开展“太行泉城 工匠之星”系列宣传活动", "职业能力建设科",
     "全市宣传35名在本行业、本领域技能水平突出、创新能力强、工作业绩显著和品行端正的“太行泉城 工匠之星”。"),
    (11, "实施“三支一扶”招募计划", "事业单位人事管理科",
     "各县（市、区）在事业单位招聘中拿出一定比例岗位录用“三支一扶”服务期满的志愿者……2024年全市计划招募“三支一扶”志愿者115人。"),
    (12, "实施就业见习岗位募集计划", "就业促进科",
     "2024年募集就业见习岗位不少于5200个，按规定给予就业见习补贴。"),
    (13, "开展高校毕业生等青年就业服务攻坚和百日千万招聘专项行动", "就业促进科",
     "组织开展离校未就业高校毕业生线上线下招聘活动100场……落实好1131服务……确保联系服务率100%。"),
    (14, "拓展丰富“直播带岗”活动内容", "市就业服务中心",
     "2024年全市开展“直播带岗企业行”50次，建立企业岗位推荐官队伍，年底前实现全市规上企业至少有2名岗位推荐官。"),
    (15, "实施“农民工高质量充分就业”计划", "农民工工作科",
     "各县（市、区）培育具有地域特点或行业特征的1个以上知名劳务品牌，实现“一县一品”或“一县多品”……累计创建省级劳务品牌10个以上，市级劳务品牌20个以上。"),
    (16, "强化重点群体就业帮扶", "就业促进科",
     "到2024年底，每个县（市、区）打造2-3个示范性基层服务网点，争取打造省级充分就业社区6个，实现失业人员再就业23325人，就业困难人员实现就业7000人，确保零就业家庭动态清零。"),
    (17, "构建特色招聘品牌矩阵", "市就业服务中心",
     "2024年，全市举办“相遇太行泉城，职来不问归期”品牌招聘活动200场以上，推动达成就业意向5万人次以上。"),
    (18, "优化创业担保贷款经办服务，贯通创业扶持政策链条", "市就业服务中心",
     "对个人的贴息放款额度由20万元提高到30万元……推进经办窗口前移，与银行联合审批放款，实现“一站式”贷款服务。"),
    (19, "组织好“开工第一课”", "劳动关系科",
     "为企业、劳动者提供用工管理、权益保障有关政策并答疑解惑，全市年内共培育15家省级和谐劳动关系单位、1家省级和谐劳动关系工业园区、1家省级和谐劳动关系和谐乡镇。"),
    (20, "开展“双零”助就业行动", "市就业服务中心",
     "依托零工超市微信小程序，与商业保险公司合作，开发专门面向灵活就业和新就业形态劳动者的“零工宝”产品，为其提供基本补充工伤保险、新业态灵活就业职业伤害保险和新市民意外伤害保险。"),
    (21, "开展“安薪在邢，码上维权”行动", "劳动保障监察支队",
     "通过在“欠薪问题举报投诉平台”接收欠薪问题线索，及时交办相关责任属地，确保相关部门第一时间与劳动者、用人单位沟通、核处。"),
    (22, "开展“安薪在邢，连鼓清零”行动", "劳动保障监察支队",
     "各级人社、住建、城管、交通、水务等部门联合办公，每周五下午集中受理欠薪案件，持续排查整治、快速化解清零。"),
    (23, "开展清理整顿人力资源市场专项行动", "人力资源流动管理科",
     "持续开展人力资源服务机构标准化建设、诚信服务体系建设……加强劳动保障监察执法，促进我市经营性人力资源服务机构守法诚信经营。"),
]

C, R, P = "computed", "registry", "reported"
SI_DEFINITION_BEFORE = ("补贴模块中社保补贴项目（代码 social_insurance_subsidy）已对账批次里支付成功的金额；数据日期为批次对账日。"
                        "门户尚未开办该项目时显示“无数据”。")
SI_DEFINITION = ("补贴模块中社保补贴项目（代码 social_insurance_subsidy）已对账批次里支付成功的金额；数据日期为批次对账日。"
                 "门户尚未开办该项目时，取市局（或各县）报送并经审核的社保经办机构实际发放金额，按报送期末日计；尚无审核通过的报送时显示“无数据”。")
COUNT, YUAN, PERCENT = "count", "yuan", "percent"


def ind(measure, code, name, unit, kind, source, source_name, definition, *, schedule="pro_rata", months="", breakdown="",
        per_county=False):
    return {"measure": measure, "code": code, "name": name, "unit": unit, "kind": kind, "source": source,
            "source_name": source_name, "definition": definition, "schedule": schedule, "months": months,
            "breakdown": breakdown, "per_county": per_county}


INDICATORS = [
    ind(1, "ranking_published", "“最具就业带动力”企业榜单发布", "次", COUNT, C, "rankings.published",
      "当年在门户发布（published_at）的“最具就业带动力”企业榜单数（不含撤回）；数据日期为发布日。"),
    ind(2, "ui_policies_continued", "失业保险稳就业促就业政策延续实施", "项", COUNT, P, "ui_policies_continued",
      "市级报送：延续实施的失业保险政策项数（降费率、稳岗返还、技能提升补贴、一次性扩岗补助），附文件或链接，经市局审核。"),
    ind(3, "si_subsidy_paid", "“直补快办”发放吸纳就业社保补贴", "元", YUAN, C, "subsidies.si_subsidy_paid",
      SI_DEFINITION),
    ind(4, "school_enterprise_classes", "校企合作班次", "个", COUNT, R, "training_classes.count",
      "校企合作班登记册中已审核、当年开班（开班日期）的班次数。"),
    ind(4, "school_enterprise_categories", "校企合作类别", "类", COUNT, R, "training_classes.categories",
      "当年已审核班次的不同“类别”数。"),
    ind(4, "school_enterprise_trainees", "定向培养人次", "人次", COUNT, R, "training_classes.enrolled",
      "当年开班的已审核班次的入学人数之和（按开班日期计）。"),
    ind(5, "city_competitions", "市级一、二类职业技能大赛", "个", COUNT, R, "competitions.city",
      "技能竞赛登记册中已审核、当年举办的市级一类、二类大赛数（行业、县级、企业竞赛单列不计）。"),
    ind(6, "policies_on_code", "政策“码”上服务", "项", COUNT, P, "policies_on_code",
      "市级报送：“一码通”上线的政策项数（报送期内新增），附截图或链接，经市局审核。"),
    ind(7, "hr_agencies_engaged", "参加“企业行”的人力资源服务机构", "家", COUNT, P, "hr_agencies_engaged",
      "各县报送：当期新参加活动的人力资源服务机构数，附名单，经市局审核后累加。"),
    ind(7, "hr_agency_enterprises", "机构联系服务企业", "家次", COUNT, P, "hr_agency_enterprises",
      "各县报送：机构与企业建立服务联系的家次。目标按100家机构×每家不少于3家企业推算。"),
    ind(8, "loan_publicity_weeks", "创业担保贷款政策宣传周", "次", COUNT, P, "loan_publicity_weeks",
      "市级报送：按期举办的主题宣传活动次数（3、5、7、9、12月各一次），附活动材料。",
      schedule="fixed_months", months="3,5,7,9,12"),
    ind(9, "startup_project_batches", "创业项目库分批公布", "批", COUNT, P, "startup_project_batches",
      "市级报送：向社会公布的创业项目批次数。政策写“分批公布”未给数字，目标2批为暂定。"),
    ind(10, "craftsmen", "宣传“太行泉城 工匠之星”", "名", COUNT, R, "craftsmen.count",
      "工匠之星登记册中已审核、当年宣传（宣传日期）的人数。"),
    ind(11, "sanzhiyifu_recruited", "招募“三支一扶”志愿者", "人", COUNT, R, "volunteers.recruited",
      "“三支一扶”县级数据中当年已审核的招募人数之和（按“数据截至”日期）。",
      breakdown="各县招募计划见登记册"),
    ind(12, "internship_posts", "募集就业见习岗位", "个", COUNT, C, "recruitment.internship_posts",
      "见习岗位中已审核岗位的岗位数之和，按审核日期计。"),
    ind(13, "graduate_events", "离校未就业高校毕业生招聘活动", "场", COUNT, C, "recruitment.graduate_events",
      "当年已举办（进行中或已结束）的面向毕业生的招聘活动场数，按开始时间计。"),
    ind(13, "graduate_contact_rate", "离校未就业高校毕业生联系服务率", "%", PERCENT, C, "recruitment.graduate_contact_rate",
      "实名台账中当年有至少一次联系成功服务记录的人数 ÷ 截至当日在册人数（按服务日期、入册日期计）。"),
    ind(14, "livestream_visits", "“直播带岗企业行”", "次", COUNT, C, "recruitment.livestream_visits",
      "已登记直播结果中的企业行次数之和，按直播开始时间计。"),
    ind(14, "officer_compliance", "规上企业至少有2名岗位推荐官", "%", PERCENT, C, "recruitment.officer_compliance",
      "规上企业中在岗推荐官不少于2名（按推荐官登记日期）的企业占比。"),
    ind(15, "provincial_brands", "省级劳务品牌（累计）", "个", COUNT, R, "brands.provincial",
      "劳务品牌登记册中已审核的省级品牌数，累计计算（按认定日期）。"),
    ind(15, "municipal_brands", "市级劳务品牌（累计）", "个", COUNT, R, "brands.municipal",
      "劳务品牌登记册中已审核的市级品牌数，累计计算（按认定日期）。"),
    ind(15, "county_brand_coverage", "“一县一品”覆盖县（市、区）", "个", COUNT, R, "brands.county_coverage",
      "至少有1个已审核劳务品牌（任一级别）的县（市、区）数。",
      breakdown="每个县（市、区）1个以上", per_county=True),
    ind(16, "demo_service_points", "示范性基层服务网点", "个", COUNT, R, "service_points.demonstration",
      "服务网点登记册中已审核的示范性基层服务网点数（按认定日期）。目标按每县2个（政策为2-3个）计。", breakdown="每个县（市、区）2-3个", per_county=True),
    ind(16, "full_employment_communities", "省级充分就业社区", "个", COUNT, R, "service_points.community",
      "服务网点登记册中已审核的省级充分就业社区数。"),
    ind(16, "reemployed_unemployed", "失业人员再就业", "人", COUNT, C, "persons.reemployed_unemployed",
      "人员层：登记失业期间签订新劳动合同、且该单位有足额缴费月份的人员，每人每年计一次（按合同开始与首个缴费月中较晚者计日期）；"
      "人员层尚无该县登记失业数据的，计该县经审核的报送数。"),
    ind(16, "hard_to_employ_employed", "就业困难人员实现就业", "人", COUNT, C, "persons.hard_to_employ_employed",
      "人员层：认定就业困难人员在认定有效期内签订新劳动合同、且该单位有足额缴费月份的，每人每年计一次；"
      "人员层尚无该县认定数据的，计该县经审核的报送数。"),
    ind(16, "zero_employment_cleared", "零就业家庭动态清零的县（市、区）", "个", COUNT, R, "zero_employment.cleared",
      "各县最近一个月报送的零就业家庭数为0的县（市、区）数；未报送的县不计为清零。",
      breakdown="每个县（市、区）清零"),
    ind(17, "brand_events", "“相遇太行泉城，职来不问归期”品牌招聘活动", "场", COUNT, C, "recruitment.brand_events",
      "当年已举办的品牌系列招聘活动场数，按开始时间计。"),
    ind(17, "intentions", "达成就业意向", "人次", COUNT, C, "recruitment.intentions",
      "招聘活动中登记的就业意向加直播结果中的意向数，按登记时间和直播开始时间计。"),
    ind(18, "loan_one_stop_counties", "实现“一站式”贷款服务的县（市、区）", "个", COUNT, P, "loan_one_stop_counties",
      "各县报送：经办窗口前移、与银行联合审批放款的县（市、区）（每县报1）。政策未给数字，目标为暂定（全部县）。"),
    ind(19, "first_lesson_sessions", "“开工第一课”场次", "场", COUNT, R, "first_lessons.count",
      "开工第一课登记册中已审核、当年举办的场次。政策未给数字，目标每县1场为暂定。"),
    ind(19, "harmonious_enterprises", "省级和谐劳动关系单位", "家", COUNT, R, "harmonious.enterprise",
      "和谐劳动关系单位登记册中当年获评的企业（单位）数。"),
    ind(19, "harmonious_parks", "省级和谐劳动关系工业园区", "家", COUNT, R, "harmonious.park",
      "当年获评的工业园区数。"),
    ind(19, "harmonious_townships", "省级和谐劳动关系和谐乡镇", "家", COUNT, R, "harmonious.township",
      "当年获评的乡镇数。"),
    ind(20, "gig_insurance_covers", "“零工宝”提供的保障险种", "种", COUNT, R, "gig_insurance.covers",
      "保险公司报送的“零工宝”参保数据中当年有参保人员的险种数（补充工伤、职业伤害、意外伤害）；产品本身在门户之外。"),
    ind(21, "complaints_assigned", "欠薪线索及时交办属地", "%", PERCENT, C, "wage_arrears.complaints_assigned",
      "当年受理的欠薪投诉中已交办责任属地的占比（按受理日期、交办日期）。"),
    ind(22, "complaints_cleared", "欠薪案件化解清零", "%", PERCENT, C, "wage_arrears.complaints_cleared",
      "当年受理的欠薪投诉中已支付或办结的占比（按受理日期、支付/办结日期）。"),
    ind(22, "reception_fridays", "周五集中接访", "周", COUNT, C, "wage_arrears.reception_fridays",
      "当年至少一个县（市、区）举办了联合接访的周五数。目标按2024年全部52个周五计，为暂定。"),
    ind(23, "hr_agency_inspections", "人力资源服务机构检查", "家次", COUNT, P, "hr_agency_inspections",
      "各县报送：专项行动中检查的经营性人力资源服务机构家次。政策未给数字，目标为暂定。"),
]


def load_catalogue(Measure, Indicator) -> None:  # noqa: N803 - model classes (historical in migrations)
    """Create the measures and indicators that do not exist yet (edits are kept)."""
    measures = {}
    for number, title, office, clause in MEASURES:
        measures[number], _c = Measure.objects.get_or_create(
            number=number, defaults={"title": title, "lead_office": office, "clause": clause})  # lead_office_confirmed: False
    for order, spec in enumerate(INDICATORS):
        Indicator.objects.get_or_create(code=spec["code"], defaults={
            "measure": measures[spec["measure"]], "name": spec["name"], "unit": spec["unit"], "kind": spec["kind"],
            "source": spec["source"], "source_name": spec["source_name"], "schedule": spec["schedule"],
            "scheduled_months": spec["months"], "definition": spec["definition"], "breakdown": spec["breakdown"],
            "order": order})


def ensure_catalogue(sender=None, **kwargs) -> None:
    from measures.models import Indicator, Measure

    load_catalogue(Measure, Indicator)
