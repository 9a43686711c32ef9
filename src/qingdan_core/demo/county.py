"""A plausible county, generated from a seed: units, people, key tasks (R8, R15, R18, R19).

:func:`generate_county` builds a county leadership (书记, 县长 and the 副县长
who lead key tasks), about twenty units each with a principal leader
(主要领导), one or two in-charge leaders (分管领导) and staff, the supervision
office (督考办) and the discipline body (纪委监委), eight business guidance
groups (R15) and about eighty key tasks, each with a lead county leader, a
responsible unit, monthly milestones (R19) and a profile that places it at
an attention level (R18). Everything comes from one ``random.Random(seed)``:
the same seed gives the same county, and nothing reads the clock.

>>> county = generate_county(seed=7, year=2025, units=6, people=40, tasks=10)
>>> len(county.organisation.units), len(county.tasks)  # 6 units, the county, office and 纪委
(9, 10)
>>> county == generate_county(seed=7, year=2025, units=6, people=40, tasks=10)
True
>>> task = county.tasks[0]
>>> task.lead_leader_id is not None and task.responsible_unit_id is not None
True
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from decimal import Decimal

import attrs

from qingdan_core._checks import instance_of, int_between
from qingdan_core._tuples import tuple_of
from qingdan_core.attention import TaskProfile, TaskSupervision, place
from qingdan_core.deadlines import Milestone
from qingdan_core.errors import ValidationError
from qingdan_core.ledger import Subject
from qingdan_core.lists import ListItem
from qingdan_core.organisation import GuidanceGroup, Organisation, Person, Post, Role, Unit
from qingdan_core.periods import Month

__all__ = [
    "COUNTY_UNIT",
    "DISCIPLINE_UNIT",
    "OFFICE_UNIT",
    "County",
    "generate_county",
]

COUNTY_UNIT = "u-county"
"""The id of the county leadership (县委县政府), the root of the unit tree."""

OFFICE_UNIT = "u-dkb"
"""The id of the supervision office (县督考办, R15)."""

DISCIPLINE_UNIT = "u-jw"
"""The id of the discipline inspection body (县纪委监委, R17)."""

_UNITS = (
    ("fgw", "县发改局", "项目建设"),
    ("czj", "县财政局", "产业发展"),
    ("zjj", "县住建局", "城镇建设"),
    ("zrzy", "县自然资源局", "城镇建设"),
    ("jtj", "县交通运输局", "项目建设"),
    ("nyj", "县农业农村局", "乡村振兴"),
    ("slj", "县水利局", "乡村振兴"),
    ("jyj", "县教育局", "民生保障"),
    ("wjj", "县卫健局", "民生保障"),
    ("wlj", "县文旅局", "文化建设"),
    ("swj", "县商务局", "产业发展"),
    ("gxj", "县工信局", "产业发展"),
    ("sthj", "县生态环境局", "生态环保"),
    ("yjj", "县应急管理局", "安全稳定"),
    ("scj", "县市场监管局", "安全稳定"),
    ("rsj", "县人社局", "民生保障"),
    ("mzj", "县民政局", "民生保障"),
    ("cgj", "县城管局", "城镇建设"),
    ("xcb", "县委宣传部", "文化建设"),
    ("lyj", "县林业局", "生态环保"),
    ("tjj", "县统计局", "项目建设"),
    ("sfj", "县司法局", "安全稳定"),
    ("ybj", "县医保局", "民生保障"),
    ("xfj", "县信访局", "安全稳定"),
)
_GROUPS = (
    "项目建设",
    "城镇建设",
    "文化建设",
    "乡村振兴",
    "产业发展",
    "民生保障",
    "生态环保",
    "安全稳定",
)
_TASK_WORK = {
    "项目建设": ("重点项目前期工作", "产业园标准厂房建设", "物流园区一期工程", "重大项目入库"),
    "城镇建设": ("老旧小区改造", "城区道路提升改造", "污水管网建设", "保障性住房建设"),
    "文化建设": ("县博物馆布展", "文明城市创建", "非遗传承基地建设", "乡村文化广场建设"),
    "乡村振兴": ("高标准农田建设", "农村饮水安全巩固", "特色产业基地建设", "水毁工程修复"),
    "产业发展": ("招商引资签约项目落地", "规上企业培育", "县域商业体系建设", "专项债券项目推进"),
    "民生保障": ("义务教育学校扩容", "县医院综合楼建设", "养老服务中心建设", "就业创业培训"),
    "生态环保": ("河道综合治理", "大气污染防治", "国土绿化行动", "垃圾分类处理设施"),
    "安全稳定": ("安全生产专项整治", "食品安全示范创建", "矛盾纠纷排查化解", "应急物资储备库建设"),
}
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌鹏辉宇浩凯晨欣怡雪梅海波林峰琳晶丹"
_DUTIES = (
    "办理业务审批",
    "统计报送数据",
    "项目现场督查",
    "政策宣传解读",
    "档案资料管理",
    "群众来信来访",
)
_MOTTOS = ("马上就办,真抓实干", "为民务实清廉", "今日事今日毕", "干一行爱一行", "事不避难,义不逃责")


@attrs.frozen
class County:
    """A generated county: its organisation, key tasks and their first supervision states.

    ``tasks`` are the year's key tasks (重点任务, R19), ``supervision`` their
    first attention levels placed from each task's profile (R18), in task
    order; ``seed`` and ``year`` say how it was made.
    """

    seed: int = attrs.field(validator=instance_of(int))
    year: int = attrs.field(validator=int_between(1900, 9998))
    organisation: Organisation = attrs.field(validator=instance_of(Organisation))
    tasks: tuple[ListItem, ...] = attrs.field(validator=tuple_of(ListItem))
    supervision: tuple[TaskSupervision, ...] = attrs.field(validator=tuple_of(TaskSupervision))

    @property
    def business_units(self) -> tuple[Unit, ...]:
        """The units that are assessed and ranked: all but the county leadership,
        the supervision office and the discipline body.

        >>> [u.unit_id for u in generate_county(1, 2025, units=2, people=10, tasks=2).business_units]
        ['u-fgw', 'u-czj']
        """
        skip = {COUNTY_UNIT, OFFICE_UNIT, DISCIPLINE_UNIT}
        return tuple(u for u in self.organisation.units if u.unit_id not in skip)

    @property
    def office_staff_id(self) -> str:
        """The id of the supervision office's head, who issues notices and signs lists."""
        return f"p-{OFFICE_UNIT[2:]}-1"


def _names(rng: random.Random) -> Iterator[str]:
    """An endless supply of distinct-looking Chinese names."""
    seen: set[str] = set()
    while True:
        name = rng.choice(_SURNAMES) + "".join(rng.choices(_GIVEN, k=rng.choice((1, 2))))
        if name not in seen:
            seen.add(name)
            yield name


def _milestones(rng: random.Random, start: dt.date, due: dt.date) -> tuple[Milestone, ...]:
    """One milestone per month end strictly between ``start`` and ``due`` (R19).

    Targets follow a gentle S-curve (slow start, quick middle, careful finish),
    rounded to whole percent, never falling.
    """
    months = list(Month.containing(start).through(Month.containing(due)))
    ends = [m.end for m in months if start < m.end < due]
    shape = rng.choice((Decimal("0.8"), Decimal(1), Decimal("1.2")))
    out: list[Milestone] = []
    last = Decimal(0)
    for i, end in enumerate(ends, start=1):
        share = Decimal(i) / Decimal(len(ends) + 1)
        curved = share * shape if share < Decimal("0.5") else 1 - (1 - share) * (2 - shape)
        target = max(last, min(Decimal("0.99"), curved)).quantize(Decimal("0.01"))
        out.append(Milestone(end, target))
        last = target
    return tuple(out)


def _profile(rng: random.Random) -> TaskProfile:
    """A task profile skewed low, so the attention levels form a pyramid (R18)."""

    def score() -> int:
        return rng.choices((1, 2, 3, 4, 5), weights=(6, 5, 3, 1, 1))[0]

    return TaskProfile(urgency=score(), importance=score(), workload=score(), difficulty=score())


def generate_county(
    seed: int, year: int, *, units: int = 20, people: int = 190, tasks: int = 80
) -> County:
    """A county generated from ``seed`` for ``year`` (R8, R15, R18, R19).

    :param units: business units (1–24), each with a principal leader and one
        or two in-charge leaders.
    :param people: civil servants in the business units, leaders included
        (at least 3 per unit); spread over the units.
    :param tasks: key tasks, each led by a 副县长 in charge of its
        responsible unit, running from a month in the first half of the year
        to a month end later in the year, with monthly milestones.
    :returns: the same :class:`County` for the same arguments.
    :raises ValidationError: for sizes out of range.

    >>> generate_county(1, 2025, units=30)
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: units: must be between 1 and 24, got 30
    """
    if not 1 <= units <= len(_UNITS):
        raise ValidationError("units", f"must be between 1 and {len(_UNITS)}, got {units}")
    if people < 3 * units:
        raise ValidationError("people", f"need at least 3 per unit ({3 * units}), got {people}")
    if tasks < 1:
        raise ValidationError("tasks", f"need at least one key task, got {tasks}")
    rng = random.Random(seed)
    names = _names(rng)
    chosen = _UNITS[:units]
    unit_values = [
        Unit(COUNTY_UNIT, "县委县政府"),
        Unit(OFFICE_UNIT, "县督考办", parent_id=COUNTY_UNIT),
        Unit(DISCIPLINE_UNIT, "县纪委监委", parent_id=COUNTY_UNIT),
        *(Unit(f"u-{code}", name, parent_id=COUNTY_UNIT) for code, name, _ in chosen),
    ]
    deputies = max(2, min(7, (units + 2) // 3))
    charges: dict[int, list[Subject]] = {d: [] for d in range(deputies)}
    for i, (code, _, _) in enumerate(chosen):
        charges[i % deputies].append(Subject.unit(f"u-{code}"))
    persons = [
        Person("p-sj", next(names), COUNTY_UNIT, Post("县委书记"), roles=(Role.PRINCIPAL_LEADER,)),
        Person(
            "p-xz",
            next(names),
            COUNTY_UNIT,
            Post("县长"),
            roles=(Role.IN_CHARGE_LEADER,),
            in_charge_of=(Subject.unit(OFFICE_UNIT),),
        ),
        *(
            Person(
                f"p-fxz-{d + 1}",
                next(names),
                COUNTY_UNIT,
                Post("副县长", ("分管联系单位重点工作",)),
                roles=(Role.IN_CHARGE_LEADER,),
                in_charge_of=tuple(charges[d]),
            )
            for d in range(deputies)
        ),
        Person(
            f"p-{OFFICE_UNIT[2:]}-1",
            next(names),
            OFFICE_UNIT,
            Post("督考办主任", ("统筹督查考核",)),
            roles=(Role.SUPERVISION_OFFICE,),
        ),
        Person(
            f"p-{OFFICE_UNIT[2:]}-2",
            next(names),
            OFFICE_UNIT,
            Post("督查专员", ("督查督办",)),
            roles=(Role.SUPERVISION_OFFICE,),
        ),
        Person(
            f"p-{DISCIPLINE_UNIT[2:]}-1",
            next(names),
            DISCIPLINE_UNIT,
            Post("纪委书记", ("监督执纪问责",)),
            roles=(Role.DISCIPLINE_BODY,),
        ),
    ]
    sizes = [3] * units
    for _ in range(people - 3 * units):
        sizes[rng.randrange(units)] += 1
    for (code, _unit_name, _), size in zip(chosen, sizes, strict=True):
        leaders = 2 if size >= 8 else 1
        staff_ids = [f"p-{code}-{n}" for n in range(2 + leaders, size + 1)]
        half = (len(staff_ids) + 1) // 2
        in_charge = [staff_ids[:half], staff_ids[half:]] if leaders == 2 else [staff_ids]
        persons.append(
            Person(
                f"p-{code}-1",
                next(names),
                f"u-{code}",
                Post("局长", ("主持全面工作",)),
                roles=(Role.PRINCIPAL_LEADER,),
                motto=rng.choice(_MOTTOS),
            )
        )
        for k, group in enumerate(in_charge, start=2):
            persons.append(
                Person(
                    f"p-{code}-{k}",
                    next(names),
                    f"u-{code}",
                    Post("副局长", ("分管业务股室",)),
                    roles=(Role.IN_CHARGE_LEADER,),
                    in_charge_of=tuple(Subject.person(p) for p in group),
                    motto=rng.choice(_MOTTOS),
                )
            )
        for person_id in staff_ids:
            persons.append(
                Person(
                    person_id,
                    next(names),
                    f"u-{code}",
                    Post("科员", tuple(rng.sample(_DUTIES, 2))),
                    motto=rng.choice(_MOTTOS),
                )
            )
    groups = []
    for g, title in enumerate(_GROUPS, start=1):
        members = tuple(f"u-{code}" for code, _, field in chosen if field == title)
        if members:
            head = f"p-{members[0][2:]}-1"
            groups.append(GuidanceGroup(f"g-{g}", f"{title}指导组", head, members))
    organisation = Organisation(tuple(unit_values), tuple(persons), tuple(groups))

    leader_of = {s.id: f"p-fxz-{d + 1}" for d, subjects in charges.items() for s in subjects}
    items: list[ListItem] = []
    states: list[TaskSupervision] = []
    for t in range(1, tasks + 1):
        code, _, field = chosen[(t - 1) % units] if t <= units else rng.choice(chosen)
        start = dt.date(year, rng.choice((1, 1, 1, 2, 3, 4)), 1)
        due = Month(year, rng.randint(max(start.month + 2, 6), 12)).end
        item_id = f"t-{t:03d}"
        items.append(
            ListItem(
                item_id,
                f"{rng.choice(_TASK_WORK[field])}({t}号)",
                start,
                due,
                lead_leader_id=leader_of[f"u-{code}"],
                responsible_unit_id=f"u-{code}",
                milestones=_milestones(rng, start, due),
                weight=Decimal(rng.choice((1, 1, 2, 3))),
            )
        )
        states.append(place(item_id, _profile(rng)))
    return County(seed, year, organisation, tuple(items), tuple(states))
