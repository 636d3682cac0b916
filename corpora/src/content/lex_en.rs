//! English (UK) lexicon: frequent chat words and London/northern slang, then inflected.

use super::lex_fr::Forms;
use super::morph::words;
use super::zipf::Class;

const MISC: &str = r"
the a an and to of i you it in is that on for me my we he she they this with be at so but not
just do was have are what if up out your all no yes yeah yh ye yea nah na nope yep ok okay k kk
can will get got like know go going there then now when how why who where which would could should
about from here one some any more much very really too well also still even only back
today tonight tomorrow tmrw tmr yesterday later soon never always sometimes again already yet
lol lmao lmfao haha hahaha omg wtf ffs idk idc tbh ngl imo rn btw fyi asap smh pls plz thx ty np
innit init bruv bro bredrin fam mate mandem gyaldem wagwan wag1 allow peak bare calm safe swear
deffo defo proper dead long moist peng leng wasteman roadman ends mans man yo oi ey ay
cheers ta sorry soz sozzle mint class sound grand boss sick lush gutted buzzing knackered
gonna wanna gotta dunno lemme gimme kinda sorta outta ain't isn't don't can't won't didn't wasn't
cos coz cuz because though tho altho unless until while whilst since after before during
two three four five six seven eight nine ten twenty thirty fifty hundred thousand
first second last next every each both either neither other another such own same
maybe probably definitely literally actually basically honestly seriously totally obviously
anyway anyways anyhow whatever whenever wherever somewhere nowhere everywhere somehow
alright aight ight sweet nice lovely brilliant brill wicked mental bonkers
please thanks thank cheers-mate wanker knob prick twat bellend muppet numpty plonker
bloody bloody-hell blimey crikey bollocks bugger damn shit fuck fucking fuckin feck
u ur r y2 b4 2day 2moro gr8 l8r m8 luv xx xxx x lool loool bless wah ahh ohh hmm umm erm
";

const NOUNS: &str = r"
time day week year month hour minute morning night evening weekend man woman kid/kids child/children
guy girl lad/lads mum mam dad brother sister nan grandad uncle auntie cousin mate friend family
wife husband missus bloke boss mate/mates neighbour
house home flat room kitchen bathroom bedroom door window stairs garden street road town city
village estate block area shop shops supermarket market pub club bar school college uni class
lesson work job office car/cars bike bus train tube station plane airport taxi uber lift parking
money cash quid fiver tenner pound/pounds bill/bills rent wage/wages pay bank card account debt
phone/phones mobile charger battery screen laptop computer telly tv film series episode show
music song/songs gig concert party birthday wedding christmas holiday holidays trip
food bread milk tea coffee beer pint/pints wine water juice coke pop cuppa brew biscuit/biscuits
chips crisps pizza kebab burger curry takeaway sandwich butty toast beans egg/eggs bacon sausage
chicken fish rice pasta soup cake chocolate sweets fruit apple/apples banana/bananas veg potato/potatoes
shopping bag/bags box/boxes bottle/bottles glass/glasses cup/cups plate/plates
bed sofa settee chair table telly-remote fridge oven kettle washing-machine hoover
clothes jacket coat jumper hoodie trackies trainers shoes socks cap jeans shirt
head hand/hands foot/feet leg/legs arm/arms back belly tooth/teeth eye/eyes ear/ears hair face
doctor/doctors gp dentist hospital chemist pharmacy appointment prescription cold flu fever pain
dog/dogs cat/cats bird/birds horse/horses rabbit/rabbits
weather rain sun wind snow storm cloud/clouds heat cold-snap
football footy match game/games team/teams club/clubs league goal/goals player/players manager
gym training session fifa console controller playstation xbox
message/messages text/texts call/calls voicenote photo/photos pic/pics video/videos story/stories
snap/snaps account/accounts password code/codes link/links
question/questions answer/answers idea/ideas problem/problems drama beef argument joke/jokes
story news plan/plans meeting date party/parties
love feeling/feelings worry/worries fear luck chance/chances
book/books pen/pens paper letter/letters parcel/parcels post delivery/deliveries package/packages
key/keys wallet purse card/cards licence passport
business company shift/shifts rota manager/managers customer/customers
church mosque ramadan eid
ball tree/trees flower/flowers grass sea beach/beaches park/parks forest
pavement roundabout motorway traffic petrol diesel garage
police copper/coppers feds fed/feds cop/cops warden ticket/tickets fine/fines
barber haircut trim membership subscription
present/presents surprise/surprises cake/cakes balloon/balloons
vibe/vibes mood banter bants
life world thing/things stuff lot way place people person/people bit end start
";

/// Regular verbs; `-` suffix doubles the final consonant (stop-: stopped, stopping).
const VERBS: &str = r"
want need look work play call ask talk walk watch wait help start finish try stay move live love hate
like use open close turn pick drop check text message phone ring book order cook clean wash tidy
pack unpack fix paint cover carry push pull kick jump climb dance laugh cry shout scream sort
stop- plan- chat- shop- drop- grab- skip- chill chase change charge charm clear count cross
delete download upload post like share follow unfollow block scroll swipe match date stream
park fill empty pour mix boil bake fry roast toast chop slice peel
learn study revise pass fail train jog cycle swim- run- travel visit arrive leave
borrow lend rent save spend earn owe pay cost
hope wish wonder guess believe trust doubt decide agree argue complain moan whinge
pray fast celebrate invite thank greet hug kiss miss remember forget- answer reply
dress wear- iron fold hang water plant mow dig- rake
load unload deliver collect return exchange print scan sign fix-up mend repair
bother annoy worry calm relax rest sleep nap snore wake
laugh giggle smile wave nod point stare glance notice
";

/// Irregular verbs: base, past, participle (then extra forms).
const VERBS_IRREG: &str = r"
be am is are was were been being
have has had having
do does did done doing
go goes went gone going
get gets got gotten getting
make makes made making
say says said saying
see sees saw seen seeing
come comes came coming
take takes took taken taking
know knows knew known knowing
think thinks thought thinking
give gives gave given giving
find finds found finding
tell tells told telling
feel feels felt feeling
leave leaves left leaving
bring brings brought bringing
buy buys bought buying
keep keeps kept keeping
let lets letting
put puts putting
mean means meant meaning
meet meets met meeting
pay pays paid paying
send sends sent sending
sit sits sat sitting
stand stands stood standing
lose loses lost losing
hear hears heard hearing
eat eats ate eaten eating
drink drinks drank drunk drinking
drive drives drove driven driving
ride rides rode ridden riding
write writes wrote written writing
read reads reading
sleep sleeps slept sleeping
wake wakes woke woken waking
break breaks broke broken breaking
speak speaks spoke spoken speaking
steal steals stole stolen stealing
sell sells sold selling
spend spends spent spending
teach teaches taught teaching
catch catches caught catching
fall falls fell fallen falling
forget forgets forgot forgotten forgetting
win wins won winning
run runs ran running
swim swims swam swum swimming
sing sings sang sung singing
begin begins began begun beginning
wear wears wore worn wearing
throw throws threw thrown throwing
grow grows grew grown growing
fly flies flew flown flying
hold holds held holding
hit hits hitting
cut cuts cutting
shut shuts shutting
can could cannot will would shall should may might must
";

const ADJS: &str = r"
good bad big small little new old young long short high low nice lovely ugly great fine
cheap dear expensive fast quick slow warm cold hot cool wet dry heavy light easy hard busy quiet
happy sad angry mad scared tired sick ill healthy strong weak fat thin rich poor full empty
clean dirty free ready weird strange normal real fake smart clever stupid thick kind mean sweet
funny boring fun safe dodgy shady sketchy dead-good proper-good gutted chuffed skint minted
white black red blue green yellow grey pink purple orange brown
important handy tricky sad-ish fresh sour salty bitter spicy raw loud honest sure unsure
posh rough grim grimy tidy messy lazy early late dark bright
";

fn en_plural(n: &str) -> String {
    if n.ends_with('s') || n.ends_with('x') || n.ends_with('z') || n.ends_with("ch") || n.ends_with("sh") {
        format!("{n}es")
    } else if n.ends_with('y') && !n.ends_with("ay") && !n.ends_with("ey") && !n.ends_with("oy") {
        format!("{}ies", &n[..n.len() - 1])
    } else {
        format!("{n}s")
    }
}

/// Collects the English forms (without variants).
pub(crate) fn forms() -> Forms {
    let mut v: Forms = Vec::new();
    let real = |w: &&str| !w.contains('-') || w.ends_with('-');
    for (i, w) in words(MISC).filter(real).enumerate() {
        v.push((0, i / 2, Class::Misc, w.to_string()));
    }
    for (i, w) in words(NOUNS).filter(real).enumerate() {
        let (sg, pl) = match w.split_once('/') {
            Some((s, p)) => (s.to_string(), p.to_string()),
            None => (w.to_string(), en_plural(w)),
        };
        v.push((0, i, Class::Noun, sg));
        v.push((1, i, Class::Noun, pl));
    }
    for (i, w) in words(VERBS).filter(real).enumerate() {
        let double = w.ends_with('-');
        let base = w.trim_end_matches('-');
        let last = base.chars().last().unwrap_or('a');
        let stem_d = if double { format!("{base}{last}") } else { base.to_string() };
        let third = en_plural(base);
        let past = if base.ends_with('e') {
            format!("{base}d")
        } else if base.ends_with('y') && !base.ends_with("ay") && !base.ends_with("ey") && !base.ends_with("oy") {
            format!("{}ied", &base[..base.len() - 1])
        } else {
            format!("{stem_d}ed")
        };
        let ing_stem = if base.ends_with('e') && !base.ends_with("ee") {
            base[..base.len() - 1].to_string()
        } else {
            stem_d.clone()
        };
        v.push((0, i, Class::Verb, base.to_string()));
        v.push((1, i, Class::Verb, third));
        v.push((1, i, Class::Verb, past));
        v.push((1, i, Class::Verb, format!("{ing_stem}ing")));
        v.push((2, i, Class::Verb, format!("{ing_stem}in")));
    }
    for (i, line) in VERBS_IRREG.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        for (j, w) in line.split_whitespace().enumerate() {
            v.push((if j == 0 { 0 } else { 1 }, i, Class::Verb, w.to_string()));
            if let Some(st) = w.strip_suffix("ing") {
                v.push((2, i, Class::Verb, format!("{st}in")));
            }
        }
    }
    for (i, w) in words(ADJS).filter(real).enumerate() {
        let base = w.to_string();
        let c: Vec<char> = w.chars().collect();
        let n = c.len();
        let cvc = (3..=4).contains(&n)
            && !"aeiou".contains(c[n - 1])
            && "aeiou".contains(c[n - 2])
            && !"aeiou".contains(c[n - 3])
            && !"wxy".contains(c[n - 1]);
        let stem = if let Some(st) = w.strip_suffix('e') {
            st.to_string()
        } else if w.ends_with('y') && n > 3 {
            format!("{}i", &w[..w.len() - 1])
        } else if cvc {
            format!("{w}{}", c[n - 1])
        } else {
            w.to_string()
        };
        v.push((0, i, Class::Adj, base));
        if n <= 6 {
            v.push((1, i, Class::Adj, format!("{stem}er")));
            v.push((2, i, Class::Adj, format!("{stem}est")));
        }
        let ly = if let Some(st) = w.strip_suffix('y') {
            format!("{st}ily")
        } else if w.ends_with("le") {
            format!("{}ly", &w[..w.len() - 1])
        } else {
            format!("{w}ly")
        };
        v.push((2, i, Class::Adj, ly));
    }
    v
}

pub(crate) const SURNAME_PRE: &[&str] = &[
    "Ash", "Brad", "Brook", "Carl", "Clay", "Cole", "Dun", "Fair", "Ford", "Hart", "Hol", "Kings", "Lang", "Mar",
    "Mil", "New", "Nor", "Pen", "Ray", "Red", "Ros", "Stan", "Thorn", "Whit", "Win", "Wood", "Black", "Green", "Hay",
    "Hill", "Castle", "Sand", "Brad", "Chad", "Hather", "Ox", "Ald", "Bur",
];
pub(crate) const SURNAME_SUF: &[&str] = &[
    "ley", "ton", "ford", "field", "wood", "son", "ham", "worth", "by", "well", "more", "shaw", "man", "ridge", "bury",
    "hill", "wick", "croft", "dale", "stone", "ington", "borough", "mouth", "sley", "stead",
];
pub(crate) const ONSETS: &[&str] = &[
    "b", "bl", "br", "ch", "d", "dr", "f", "fl", "g", "gr", "j", "k", "l", "m", "n", "p", "pr", "r", "s", "sh", "sk",
    "st", "t", "tr", "w", "z",
];
pub(crate) const NUCLEI: &[&str] = &["a", "e", "i", "o", "u", "ee", "oo", "ay", "ow", "ai", "ea"];
pub(crate) const TOWN_SUF: &[&str] =
    &["ton", "ford", "field", "ham", "bury", "by", "well", "wick", "borough", "port", "minster", "bridge"];
pub(crate) const ENDINGS: &[&str] =
    &["ly", "ster", "ton", "ify", "er", "ix", "io", "ex", "ish", "o", "y", "ing", "ham", "ley", "zy", "ville", "eo"];
