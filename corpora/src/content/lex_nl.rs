//! Dutch (Netherlands and Flemish) lexicon: frequent chat words, then inflected and compounded.

use super::lex_fr::Forms;
use super::morph::{word_hash, words};
use super::zipf::Class;

const MISC: &str = r"
de het een en van ik je jij u hij zij ze we wij jullie is in op te dat die niet met voor aan er maar
om ook als dan of bij nog wel naar uit al zo wat wie waar waarom hoe wanneer hier daar nu straks
morgen gisteren vandaag vanavond vannacht vanmiddag vanochtend altijd nooit soms vaak weer alweer
even ff effe eff ja jaa jep nee nope neej misschien mss wss waarschijnlijk zeker echt heel erg best
gewoon eigenlijk trouwens toch hoor joh jongen man bro broer mattie matje maat gap gabber gozer
meid schat lieverd pap mam ouwe ouders oom tante neef nicht opa oma
doei doeg dag hoi hey hallo hee yo salam wollah wallah wolla wellah inshallah hamdullah mashallah
bedankt dankje dankjewel dank thanks thx tnx sorry sry srry sws sowieso idd inderdaad np nvm omg lol
haha hahaha hihi xd wtf ffs kk kanker tering tyfus shit fuck godverdomme verdomme jezus pfff pff oke
ok oké okee okeej top prima mooi lekker chill rustig relaxed dik vet sick skeer scheef
meer minder veel weinig genoeg te-veel allemaal alles iets niets niks iemand niemand elk elke ieder
mijn m'n mn jouw je-eigen zijn z'n zn haar hun ons onze jullie-eigen mij me mijzelf jezelf zichzelf
dit deze dat die zo'n zulke welke welk zelfs alleen samen tegen zonder tussen onder boven achter
naast langs door over tot sinds na voor-dat omdat want dus toen terwijl zodat hoewel tenzij totdat
één twee drie vier vijf zes zeven acht negen tien elf twaalf twintig dertig veertig vijftig honderd
duizend eerste tweede derde laatste volgende vorige
ongeveer bijna precies helemaal half heel-erg vreselijk ontzettend enorm super mega giga kei
hoezo waarom-dan sindsdien straks-even zometeen zo-meteen meteen direct snel langzaam laat vroeg
binnen buiten boven-op beneden thuis ergens nergens overal weg terug mee af aan-de-kant
wejo wajo waggi waje hmm hm ehm euh nou nouja tja jaja neenee welja ahja achso ahzo
tog toch-wel wel-eens eens effies effe-snel eventjes efkes allee amai ambetant goesting
";

/// Nouns; `sg/pl` or `sg/pl/dim` override the spelling rules.
const NOUNS: &str = r"
dag/dagen week jaar/jaren maand uur/uren minuut/minuten tijd keer/keren moment avond ochtend middag
nacht/nachten weekend man/mannen vrouw kind/kinderen jongen meisje/meisjes broer zus/zussen moeder vader
familie vriend vriendin maat/maten collega buurman/buren buurvrouw baas/bazen klant
huis/huizen/huisje kamer keuken deur raam/ramen trap tuin straat/straten weg/wegen stad/steden dorp
wijk buurt plein park winkel supermarkt markt school/scholen klas les/lessen werk baan kantoor
auto/auto's fiets scooter brommer bus/bussen trein tram metro vliegtuig station parkeerplaats garage
geld euro/euro's pinpas rekening bank/banken salaris huur boete belasting/belastingen schuld
telefoon/telefoons mobiel gsm oplader batterij scherm laptop computer tv/tv's film serie/series
muziek liedje/liedjes nummer/nummers concert feest/feesten verjaardag bruiloft kerst oudjaar vakantie
eten brood/broden/broodje kaas/kazen melk koffie thee bier/bieren wijn water sap frisdrank cola
patat friet frikandel kroket/kroketten/kroketje pizza kebab shoarma burger kapsalon snack/snacks
soep/soepen rijst pasta vlees/vleeswaren kip/kippen vis/vissen ei/eieren appel/appels banaan/bananen
groente/groenten aardappel/aardappelen ui/uien tomaat/tomaten suiker zout boter olie saus/sauzen
boodschap/boodschappen tas/tassen zak/zakken doos/dozen fles/flessen glas/glazen kop/koppen bord/borden
bed/bedden bank-stel stoel tafel/tafels kast/kasten lamp/lampen koelkast wasmachine stofzuiger
kleren jas/jassen broek/broeken trui/truien schoen/schoenen sok/sokken pet/petten muts/mutsen
hoofd/hoofden hand/handen voet/voeten been/benen arm/armen rug/ruggen buik/buiken oog/ogen oor/oren
tand/tanden haar/haren neus/neuzen mond/monden hart/harten
dokter/dokters huisarts tandarts ziekenhuis/ziekenhuizen apotheek pil/pillen griep koorts pijn
hond/honden kat/katten vogel/vogels paard/paarden konijn/konijnen vis-kom
weer regen zon wind sneeuw storm wolk/wolken hitte kou
voetbal wedstrijd/wedstrijden team/teams club/clubs trainer training sportschool gym
spel/spellen game/games console controller playstation fifa
bericht/berichten appje/appjes sms/sms'jes foto/foto's video/video's filmpje/filmpjes
story/story's snap/snaps account/accounts wachtwoord code/codes
vraag/vragen antwoord/antwoorden idee/ideeën probleem/problemen gedoe ruzie/ruzies grap/grappen
verhaal/verhalen nieuws plan/plannen afspraak/afspraken feestje/feestjes borrel/borrels
liefde gevoel/gevoelen zorg/zorgen angst/angsten geluk pech kans/kansen
boek/boeken pen/pennen papier brief/brieven pakket/pakketten post
sleutel/sleutels portemonnee portefeuille pasje/pasjes rijbewijs/rijbewijzen paspoort
zaak/zaken bedrijf/bedrijven afdeling/afdelingen dienst/diensten rooster/roosters shift/shifts
kerk/kerken moskee/moskeeën ramadan suikerfeest
bal/ballen fles-wijn boom/bomen bloem/bloemen gras zee/zeeën strand/stranden bos/bossen
stoep kruispunt rotonde snelweg file/files tankstation benzine diesel
politie agent/agenten boa/boa's controle/controles
kapper/kappers knipbeurt sportschool-abbo abonnement
cadeau/cadeaus verrassing/verrassingen taart/taarten slinger/slingers
mattie-gap sfeer vibe/vibes
";

/// Verbs; `infinitive:stem` overrides the stem rule.
const VERBS: &str = r"
maken:maak werken spelen:speel halen:haal kopen:koop! betalen:betaal bellen:bel appen:app wachten zoeken:zoek!
wonen:woon leren:leer praten:praat vragen:vraag! antwoorden:antwoord kijken:kijk! luisteren:luister
koken:kook wassen:was poetsen:poets slapen:slaap! dromen:droom lachen:lach huilen:huil roepen:roep!
lopen:loop! fietsen:fiets rennen:ren sporten:sport trainen:train voetballen:voetbal gamen:game
chillen:chill relaxen:relax dansen:dans zingen:zing! feesten:feest vieren:vier proosten:proost
sturen:stuur sparen:spaar huren:huur verhuizen:verhuis bouwen:bouw repareren:repareer regelen:regel
plannen:plan boeken:boek annuleren:annuleer bestellen:bestel leveren:lever ophalen:ophaal
wegbrengen:wegbreng afhalen:afhaal parkeren:parkeer tanken:tank rijden:rijd!
openen:open sluiten:sluit! beginnen:begin! stoppen:stop proberen:probeer gebeuren:gebeur
hopen:hoop denken:denk! geloven:geloof voelen:voel missen:mis houden:houd! haten:haat
helpen:help! werken-samen storen:stoor zeuren:zeur klagen:klaag schreeuwen:schreeuw
checken:check googlen:google downloaden:download uploaden:upload posten:post liken:like
printen:print typen:typ tikken:tik scrollen:scroll swipen:swipe matchen:match daten:date
plakken:plak knippen:knip koppelen:koppel laden:laad opladen:oplaad
snappen:snap fixen:fix regelen-even:regel bijkletsen:bijklets kletsen:klets roddelen:roddel
wandelen:wandel zwemmen:zwem! klimmen:klim! springen:spring! vallen:val! gooien:gooi pakken:pak
tellen:tel delen:deel lenen:leen geven:geef! nemen:neem! brengen:breng! zetten:zet leggen:leg
hangen:hang! staan:sta! zitten:zit! liggen:lig! blijven:blijf! komen:kom! gaan:ga! doen:doe! zien:zie!

eten:eet! drinken:drink! roken:rook blowen:blow zuipen:zuip!
bedanken:bedank vergeten:vergeet! verliezen:verlies! vinden:vind! verkopen:verkoop! vertellen:vertel
verdienen:verdien verstaan:versta! begrijpen:begrijp! betekenen:beteken beloven:beloof
onthouden:onthoud! ontmoeten:ontmoet herinneren:herinner gebruiken:gebruik
";

/// Past forms of strong and irregular verbs.
const VERBS_STRONG: &str = r"
weten weet kunnen kan moeten moet willen wil mogen mag zullen zal hebben heb zijn ben gaat doet ziet komt staat
ging gingen gegaan kwam kwamen gekomen deed deden gedaan zag zagen gezien wist wisten geweten
kon konden gekund moest moesten gemoeten wilde wilden wou gewild mocht mochten gemogen zou zouden
had hadden gehad was waren geweest ben bent is zijn hebt heeft hebben kunt kan kunnen wil wilt willen
at aten gegeten dronk dronken gedronken nam namen genomen gaf gaven gegeven bracht brachten gebracht
dacht dachten gedacht kocht kochten gekocht zocht zochten gezocht vond vonden gevonden bleef bleven
gebleven reed reden gereden liep liepen gelopen sliep sliepen geslapen riep riepen geroepen
zong zongen gezongen sprong sprongen gesprongen viel vielen gevallen hing hingen gehangen
stond stonden gestaan zat zaten gezeten lag lagen gelegen hield hielden gehouden begon begonnen
vergat vergaten verloor verloren verkocht vertelde verteld verdiende verdiend begreep begrepen
vroeg vroegen gevraagd keek keken gekeken lachte gelachen hielp hielpen geholpen zweeg
schreef schreven geschreven las lazen gelezen sloot sloten gesloten trok trokken getrokken
";

const ADJS: &str = r"
goed/goede groot klein nieuw oud/oude jong lang kort hoog laag mooi lelijk leuk stom lekker vies
duur goedkoop snel langzaam warm koud heet lauw nat droog zwaar licht makkelijk moeilijk druk rustig
blij boos bang moe ziek gezond sterk zwak dik dun vet slank rijk arm vol leeg open dicht schoon
vuil vrij bezet klaar gek raar normaal vreemd echt nep slim dom aardig gemeen lief/lieve grappig
saai spannend gezellig chill chagrijnig moe-moe kapot stuk heel wit zwart rood/rode blauw groen
geel/gele grijs/grijze roze paars/paarse oranje bruin
belangrijk handig lastig zielig sneu jammer tof gaaf vet-goed strak fris/frisse zuur zoet zout bitter
scherp heet-heet pittig vers/verse gaar rauw stil luid/luide eerlijk vals/valse zeker onzeker
";

/// Heads for Dutch compounds (noun + head).
const COMPOUND_HEADS: &[&str] = &[
    "huis", "deur", "winkel", "weg", "straat", "plek", "tijd", "dag", "geld", "zak", "tas", "fles", "kaart", "baan",
    "werk", "feest", "boek", "man", "vrouw", "kamer", "tafel", "bak", "doos", "club", "station", "markt", "zaak",
    "pakket", "avond", "groep", "app", "lijst", "pot", "stuk", "kant",
];
const COMPOUND_MODS: &str = r"
bier koffie thee kaas brood melk water wijn pizza friet snack kip vis vlees soep rijst taart
school werk voetbal sport game film muziek feest verjaardag kerst vakantie weekend avond ochtend
auto fiets bus trein brommer scooter tram metro boot strand zee bos park tuin keuken kamer
telefoon foto video boek brief post pakket geld bank huur kado cadeau kleding schoen jas broek
hond kat vogel paard familie vrienden buren kinder baby meiden jongens opa oma oom tante
winter zomer lente herfst zon regen sneeuw wind storm nacht dag week maand jaar
";

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

fn devoice(stem: &str) -> String {
    if let Some(s) = stem.strip_suffix('v') {
        format!("{s}f")
    } else if let Some(s) = stem.strip_suffix('z') {
        format!("{s}s")
    } else {
        stem.to_string()
    }
}

fn voice(stem: &str) -> String {
    if let Some(s) = stem.strip_suffix('f') {
        format!("{s}v")
    } else if let Some(s) = stem.strip_suffix('s') {
        format!("{s}z")
    } else {
        stem.to_string()
    }
}

/// Adds a syllable-opening ending (-en, -e, -er) with Dutch spelling rules.
fn open_suffix(w: &str, suffix: &str) -> String {
    let c: Vec<char> = w.chars().collect();
    let n = c.len();
    if n >= 3 && !is_vowel(c[n - 1]) {
        let (v1, v2) = (c[n - 3], c[n - 2]);
        // Long double vowel closed by one consonant: boom → bomen, kaas → kazen.
        if v1 == v2 && matches!(v1, 'a' | 'o' | 'u' | 'e') && (n < 4 || !is_vowel(c[n - 4])) {
            let mut s: String = c[..n - 2].iter().collect();
            s.push(c[n - 1]);
            let s = if c[n - 1] == 'f' || c[n - 1] == 's' { voice(&s) } else { s };
            return format!("{s}{suffix}");
        }
        // Diphthong + f/s: brief → brieven, huis → huizen.
        if is_vowel(v2) && is_vowel(v1) && (c[n - 1] == 'f' || c[n - 1] == 's') {
            return format!("{}{suffix}", voice(w));
        }
        // Short vowel + single consonant: kat → katten, bed → bedden.
        if is_vowel(v2) && !is_vowel(v1) && !matches!(c[n - 1], 'w' | 'x' | 'j') {
            return format!("{w}{}{suffix}", c[n - 1]);
        }
    }
    format!("{w}{suffix}")
}

fn nl_plural(n: &str) -> String {
    let last = n.chars().last().unwrap_or('e');
    if n.ends_with("je")
        || n.ends_with("el")
        || n.ends_with("er")
        || n.ends_with("em")
        || n.ends_with("en")
        || n.ends_with("ie")
        || last == 'e'
    {
        format!("{n}s")
    } else if matches!(last, 'a' | 'o' | 'u' | 'i' | 'y') {
        format!("{n}'s")
    } else {
        open_suffix(n, "en")
    }
}

fn nl_diminutive(n: &str) -> String {
    let c: Vec<char> = n.chars().collect();
    let k = c.len();
    let last = c[k - 1];
    if is_vowel(last) {
        return format!("{n}tje");
    }
    let long = k >= 3 && is_vowel(c[k - 2]) && is_vowel(c[k - 3]);
    match last {
        'm' if long => format!("{n}pje"),
        'l' | 'n' | 'r' | 'w' if long || n.ends_with("el") || n.ends_with("en") || n.ends_with("er") => {
            format!("{n}tje")
        }
        'm' | 'l' | 'n' | 'r' if k >= 2 && is_vowel(c[k - 2]) => format!("{n}{last}etje"),
        'g' if n.ends_with("ng") => format!("{n}etje"),
        _ => format!("{n}je"),
    }
}

fn kofschip(stem_original_last: char) -> bool {
    matches!(stem_original_last, 't' | 'k' | 'f' | 's' | 'p' | 'h' | 'x')
}

fn nl_stem_rule(inf: &str) -> String {
    let base = inf.strip_suffix("en").unwrap_or(inf);
    let c: Vec<char> = base.chars().collect();
    let n = c.len();
    if n >= 2 && c[n - 1] == c[n - 2] && !is_vowel(c[n - 1]) {
        return c[..n - 1].iter().collect();
    }
    devoice(base)
}

/// Collects the Dutch forms (without variants).
pub(crate) fn forms() -> Forms {
    let mut v: Forms = Vec::new();
    let real = |w: &&str| !w.contains('-');
    for (i, w) in words(MISC).filter(real).enumerate() {
        v.push((0, i / 2, Class::Misc, w.to_string()));
    }
    for (i, w) in words(NOUNS).filter(real).enumerate() {
        let mut parts = w.split('/');
        let sg = parts.next().unwrap().to_string();
        let pl = parts.next().map(str::to_string).unwrap_or_else(|| nl_plural(&sg));
        let dim = parts.next().map(str::to_string).unwrap_or_else(|| nl_diminutive(&sg));
        v.push((0, i, Class::Noun, sg.clone()));
        v.push((1, i, Class::Noun, pl));
        v.push((2, i, Class::Noun, dim.clone()));
        v.push((2, i, Class::Noun, format!("{dim}s")));
    }
    for (i, w) in words(VERBS).filter(real).enumerate() {
        let strong = w.ends_with('!');
        let w = w.trim_end_matches('!');
        let (inf, stem) = match w.split_once(':') {
            Some((a, b)) => (a.to_string(), b.to_string()),
            None => (w.to_string(), nl_stem_rule(w)),
        };
        v.push((0, i, Class::Verb, inf.clone()));
        v.push((1, i, Class::Verb, stem.clone()));
        let last = stem.chars().last().unwrap_or('a');
        if last != 't' && !stem.ends_with('a') && !stem.ends_with("oe") && !stem.ends_with("ie") {
            v.push((1, i, Class::Verb, format!("{stem}t")));
        }
        // The original consonant before -en decides -te/-de ('t kofschip).
        let inf_base = inf.strip_suffix("en").unwrap_or(&inf);
        let orig_last = inf_base.chars().last().unwrap_or('a');
        let (te, t) = if kofschip(orig_last) { ("te", "t") } else { ("de", "d") };
        if !strong && inf.ends_with("en") && inf.len() > 4 {
            v.push((2, i, Class::Verb, format!("{stem}{te}")));
            v.push((2, i, Class::Verb, format!("{stem}{te}n")));
            let prefixed = ["be", "ver", "ont", "her", "ge", "er"].iter().any(|p| inf.starts_with(p));
            let end = if stem.ends_with('t') || stem.ends_with('d') { "" } else { t };
            let pp = if prefixed { format!("{stem}{end}") } else { format!("ge{stem}{end}") };
            v.push((1, i, Class::Verb, pp));
            v.push((2, i, Class::Verb, format!("{inf}d")));
        }
    }
    for (i, w) in words(VERBS_STRONG).enumerate() {
        v.push((1, i / 3, Class::Verb, w.to_string()));
    }
    for (i, w) in words(ADJS).filter(real).enumerate() {
        let (base, infl) = match w.split_once('/') {
            Some((a, b)) => (a.to_string(), b.to_string()),
            None => {
                let e = if w.ends_with('e') { w.to_string() } else { open_suffix(w, "e") };
                (w.to_string(), e)
            }
        };
        let stem_for_er = infl.strip_suffix('e').unwrap_or(&infl).to_string();
        let comp = if base.ends_with('r') { format!("{stem_for_er}der") } else { format!("{stem_for_er}er") };
        let sup = if base.ends_with('s') { format!("{base}t") } else { format!("{base}st") };
        v.push((0, i, Class::Adj, base));
        v.push((1, i, Class::Adj, infl));
        v.push((2, i, Class::Adj, comp.clone()));
        v.push((2, i, Class::Adj, format!("{comp}e")));
        v.push((2, i, Class::Adj, sup.clone()));
        v.push((2, i, Class::Adj, format!("{sup}e")));
    }
    // Compounds: a hashed half of modifier × head, with their plurals, all rare.
    for (i, m) in words(COMPOUND_MODS).enumerate() {
        for h in COMPOUND_HEADS {
            let c = format!("{m}{h}");
            if word_hash(&c) % 100 < 55 {
                v.push((2, 300 + i, Class::Noun, c.clone()));
                v.push((4, 300 + i, Class::Noun, nl_plural(&c)));
            }
        }
    }
    v
}

pub(crate) const SURNAME_PRE: &[&str] = &[
    "Ver", "Van", "Vande", "Ten", "Ter", "Ooster", "Wester", "Noord", "Zuid", "Hoog", "Groot", "Klein", "Mol", "Smit",
    "Berg", "Brink", "Dijk", "Hof", "Bos", "Veld", "Kamp", "Huis", "Steen", "Jans", "Pieter", "Dek", "Boer", "Haan",
    "Vos", "Wit", "Zwart", "Bak", "Kuipers",
];
pub(crate) const SURNAME_SUF: &[&str] = &[
    "man", "mans", "haar", "huis", "dijk", "berg", "brink", "kamp", "veld", "hof", "meer", "stra", "sma", "inga",
    "ink", "ing", "hout", "beek", "broek", "kes", "ker", "ers", "sen", "se", "eman", "hoven", "meulen",
];
pub(crate) const STREET_PRE: &[&str] = &[
    "Rozen",
    "Eiken",
    "Beuken",
    "Linden",
    "Kerk",
    "Molen",
    "School",
    "Stations",
    "Dorps",
    "Haven",
    "Markt",
    "Tulpen",
    "Berken",
    "Wilgen",
    "Kastanje",
    "Prinsen",
    "Keizers",
    "Heren",
    "Vijver",
    "Zand",
    "Water",
    "Boomgaard",
    "Spoor",
    "Oranje",
    "Lange",
    "Korte",
    "Nieuwe",
    "Oude",
    "Hoog",
    "Noorder",
    "Zuider",
];
pub(crate) const STREET_SUF: &[&str] =
    &["straat", "laan", "weg", "plein", "gracht", "kade", "singel", "dijk", "hof", "pad", "steeg", "dreef", "park"];
pub(crate) const ONSETS: &[&str] = &[
    "b", "br", "d", "dr", "g", "gr", "h", "k", "kl", "kr", "l", "m", "n", "p", "r", "s", "sch", "sl", "sp", "st", "t",
    "v", "w", "z",
];
pub(crate) const NUCLEI: &[&str] = &["a", "aa", "e", "ee", "i", "ie", "o", "oo", "oe", "u", "ui", "ij", "ou", "eu"];
pub(crate) const ENDINGS: &[&str] =
    &["ling", "heid", "er", "en", "tje", "ster", "erij", "ing", "sel", "baar", "lijk", "ig", "el", "aar", "ert", "ik"];
