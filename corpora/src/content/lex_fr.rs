//! French lexicon: frequent words of informal chat, written out, then inflected.

use super::morph::words;
use super::zipf::Class;

pub(crate) type Forms = Vec<(u8, usize, Class, String)>;

/// Function words, adverbs, interjections, SMS spellings and slang particles, most frequent first.
const MISC: &str = r"
de la le et à les des en un une du pour que qui dans pas ne sur au ce il je tu on elle nous vous ils elles
me te se lui leur y mais ou donc car avec sans chez par plus moins très trop bien mal aussi encore déjà
toujours jamais rien tout tous toute toutes quoi comment pourquoi quand où combien ça ca cela ici là voilà
oui non ouais ouai nan si peut-être vraiment genre grave franchement carrément direct vite demain hier
aujourd'hui ajd maintenant mtn après avant pendant depuis jusqu'à vers contre entre sous mdr ptdr lol tkt
jsp jpp wesh wsh frérot frero frr gros khey poto zin wallah wlh wallay starfoullah hamdoullah hamdoulah
inchallah inshallah bismillah miskine sah ouf bref bah ben bon voila enfin ah oh eh hein hey yo salut slt
coucou cc bjr bonjour bonsoir bsr merci mrc stp svp dsl désolé bisous bsx biz jtm jte jsuis chui jvais
jveux jpeux jsais chais ptn putain merde zut oups bcp tjrs tjs pk pcq psk pq qd dc ds vrmt dmn rdv asap
osef bg bb cmt koi tqt ok okay oklm tranquille tranquillou nickel trkl askip nrv mskn wsh frérot
deux trois quatre cinq six sept huit neuf dix onze douze quinze vingt trente quarante cinquante cent mille
premier première dernier dernière ensuite puis alors ainsi sinon pourtant quand-même quand-meme
beaucoup peu assez moitié presque environ plutôt surtout seulement juste même pareil ailleurs partout
dedans dehors dessus dessous devant derrière loin près bientôt tard tôt souvent parfois longtemps
d'abord d'ailleurs d'accord dacc dac daccord ouep mouais bof boh bah-non bah-oui ahah haha hahaha hihi
mdrr mdrrr ptdrr xptdr lmao omg wtf stv tmtc tkt-pas jsais-pas cv ça-va cva wsh-bien nn ui bien-sûr
évidemment sûrement heureusement malheureusement apparemment clairement normalement finalement
tellement tranquillement doucement rapidement simplement directement exactement complètement
vas-y vazy vasy allez allé-y tiens regarde écoute attends arrête laisse viens bouge
chelou relou vénère zarbi ouf reuf reus rebeu renoi babtou zonzon hess gadji gadjo mamène mon-reuf
wallah-jte-jure jure jte-jure starf hchouma hagra sheitan mashallah akhi akhy wesh-alors
";

/// Nouns, most frequent first; `sg/pl` gives an irregular plural.
const NOUNS: &str = r"
chose fois temps jour an année homme femme enfant vie monde main oeil/yeux tête maison pays rue voiture
soir matin nuit semaine mois heure minute seconde moment truc machin mec meuf gars fille garçon frère soeur
mère père daron daronne mamie papi tonton tata cousin cousine pote copain copine ami amie famille mari
travail boulot taf taff argent thune oseille fric sous/sous euro prix fin début milieu côté place ville
quartier cité bâtiment appart appartement chambre cuisine salon salle porte fenêtre clé/clés escalier
ascenseur parking garage cave balcon jardin école collège lycée fac prof cours examen bac devoir note
téléphone tel portable phone message sms appel vocal photo vidéo snap insta story compte mot code
réseau wifi batterie chargeur écran ordi ordinateur télé série film épisode saison musique son chanson
clip concert match foot ballon but équipe joueur entraîneur stade terrain salle-de-sport sport muscu
course vélo scooter moto bus métro tram train gare avion aéroport taxi uber trajet route autoroute
bouchon embouteillage permis essence carburant plein pneu accident assurance amende radar flic police
bouffe repas déjeuner dîner petit-déj goûter pain baguette croissant café thé eau lait jus soda coca
bière vin apéro pizza burger kebab tacos frites sandwich salade pâtes riz poulet viande poisson oeuf
fromage yaourt gâteau chocolat bonbon glace fruit pomme banane orange fraise légume tomate oignon
patate carotte sauce sel sucre poivre huile beurre farine courses caddie magasin boutique marché
supermarché boulangerie pharmacie médecin docteur dentiste hôpital urgence rendez-vous ordonnance
médicament doliprane rhume grippe fièvre mal dos ventre gorge dent pied jambe bras genou cheveu/cheveux
barbe coiffeur ongle vêtement habit pull veste manteau jean pantalon short chaussure basket chaussette
tee-shirt casquette sac valise cadeau anniversaire fête soirée mariage baptême naissance bébé
vacances voyage plage mer montagne campagne piscine soleil pluie neige vent orage chaleur froid météo
ciel nuage arbre fleur chien chat oiseau cheval animal/animaux poisson-rouge lapin
problème question réponse idée avis raison envie besoin peur honte chance galère embrouille histoire
nouvelle info news rumeur secret mensonge vérité blague délire fou-rire sourire larme bisou câlin
amour coeur cerveau esprit âme dieu prière mosquée église ramadan aïd noël nouvel-an pâques
loyer facture banque compte-bancaire carte virement chèque crédit prêt dette salaire paie patron chef
collègue client commande livraison colis paquet facteur poste lettre papier dossier contrat
mairie préfecture caf pôle-emploi impôt/impôts formulaire démarche rendez-vous-préfecture
clope cigarette chicha briquet feu joint verre bouteille canette tasse assiette couteau fourchette
cuillère frigo four micro-ondes machine lessive linge vaisselle ménage aspirateur poubelle
lit canapé table chaise armoire tiroir lampe ampoule prise câble fil casque écouteur manette console
jeu partie niveau fifa fortnite cod play switch pc compte-insta abonné like commentaire
soirée-foot pronostic pari mise cote gain perte ticket loto
ami-d'enfance voisin voisine gardien concierge proprio agence bail caution état-des-lieux
boîte entreprise stage alternance cv entretien poste-de-travail contrat-de-travail intérim
mission chantier outil perceuse marteau tournevis vis clou peinture mur plafond sol carrelage
fuite plombier électricien serrurier dépanneur garagiste mécanicien vidange batterie-de-voiture
frein moteur embrayage rétro phare clignotant carrosserie rayure bosse contrôle-technique
centre centre-commercial cinéma restau resto bar boîte-de-nuit salon-de-thé snack grec
sortie entrée sortie-d'école cantine récré goûter-d'anniversaire devoirs-du-soir réunion
journée soirée-tranquille week-end weekend lundi mardi mercredi jeudi vendredi samedi dimanche
janvier février mars avril mai juin juillet août septembre octobre novembre décembre
printemps été automne hiver midi minuit aube heure-de-pointe
bêtise connerie dinguerie folie dinguerie masterclass banger dinguerie-de-fou
pièce monnaie billet centime tune-de-poche porte-monnaie portefeuille
";

/// Regular -er verbs (infinitives), most frequent first.
const VERBS_ER: &str = r"
parler aimer passer penser demander rester arriver porter montrer jouer chercher laisser travailler
sembler tomber rentrer entrer écouter garder chanter danser marcher compter oublier expliquer
raconter trouver donner regarder manger changer commencer bouger kiffer galérer capter checker
envoyer-msg appeler-pas kiffer zoner traîner chiller tchatcher gérer-pas taffer bosser cuisiner
préparer réparer ranger nettoyer-pas laver sécher coiffer habiller chausser déménager emménager
réserver annuler confirmer valider signer imprimer scanner télécharger installer brancher
débrancher charger recharger allumer éteindre-pas fermer-pas fumer boire-pas goûter commander
livrer retirer déposer verser virer rembourser emprunter prêter louer gagner économiser dépenser
coûter calculer partager tirer pousser frapper toucher sauter grimper nager plonger skier
voyager visiter rouler garer doubler klaxonner freiner tourner traverser monter-pas
accompagner ramasser récupérer déposer-pas attraper lancer balancer jeter-pas casser péter
bloquer débloquer supprimer enregistrer liker commenter poster filmer photographier stalker
ghoster spammer texter snapper taguer streamer gamer ragequit
aider inviter remercier saluer embrasser câliner pleurer rigoler rire-pas crier hurler chuchoter
discuter négocier proposer accepter refuser insister hésiter décider douter imaginer rêver
espérer-pas souhaiter mériter profiter respecter aimer-bien adorer détester supporter
pardonner excuser énerver calmer rassurer inquiéter stresser angoisser paniquer
continuer arrêter terminer finir-pas durer attendre-pas tarder presser dépêcher retarder
organiser planifier noter marquer cocher entourer souligner
étudier réviser bosser-ses-cours rater redoubler passer-l'exam
fêter célébrer trinquer sonner frapper-à-la-porte toquer entrer-pas
habiter loger héberger squatter dormir-chez installer-chez
écouter-pas regarder-pas montrer-pas oublier-pas
essayer payer-pas tester goûter-pas sentir-pas
pleuvoir-pas neiger briller souffler geler-pas
aimer-grave kiffer-grave
crâner frimer flamber tchiper clasher vanner chambrer embrouiller
sauver soigner opérer vacciner consulter tousser moucher
nouer attacher détacher accrocher décrocher coller décoller
remplir vider verser-pas mélanger couper-pas râper éplucher griller rôtir-pas
arroser planter cueillir-pas tondre-pas
louper rater-le-bus zapper mater scroller swiper matcher
gratter piquer voler-pas chourer gratter-une-clope taxer
dépanner conduire-pas doubler-pas
";

/// Regular -ir verbs of the finir type.
const VERBS_IR: &str = r"
finir choisir réussir grandir grossir maigrir rougir réfléchir remplir agir atterrir avertir bâtir
guérir nourrir obéir punir ralentir accomplir applaudir bondir définir embellir envahir fournir
garantir investir pâlir rafraîchir réagir réunir rétablir salir trahir vieillir vomir
";

/// Regular -re verbs of the attendre type.
const VERBS_RE: &str = r"
attendre entendre répondre descendre vendre perdre rendre défendre dépendre tendre fondre mordre
tondre pendre suspendre confondre correspondre étendre prétendre revendre
";

/// Irregular verbs, written out (infinitive first on each line).
const VERBS_IRREG: &str = r"
être suis es est sommes êtes sont été étais était étions étiez étaient serai seras sera serons serez seront serais serait soit soient étant
avoir ai as a avons avez ont eu eue eus avais avait avions aviez avaient aurai auras aura aurons aurez auront aurais aurait ait aie aies ayant
aller vais vas va allons allez vont allé allée allés allais allait allaient irai iras ira irons irez iront irais irait aille
faire fais fait faisons faites font faite faits faisais faisait faisaient ferai feras fera ferons ferez feront ferais ferait fasse fassent faisant
dire dis dit disons dites disent dite dits disais disait disaient dirai diras dira dirais dirait dise
pouvoir peux peut pouvons pouvez peuvent pu pouvais pouvait pourrai pourras pourra pourrais pourrait puisse puissent
vouloir veux veut voulons voulez veulent voulu voulais voulait voudrai voudras voudra voudrais voudrait veuille
savoir sais sait savons savez savent su savais savait saurai sauras saura saurais saurait sache sachant
voir vois voit voyons voyez voient vu vue vus voyais voyait verrai verras verra verrais verrait voie
venir viens vient venons venez viennent venu venue venus venais venait viendrai viendras viendra viendrais viendrait vienne
revenir reviens revient revenons revenez reviennent revenu revenue revenais revenait reviendrai reviendra reviendrait
devenir deviens devient devenons devenez deviennent devenu devenue devenais devenait deviendra deviendrait
tenir tiens tient tenons tenez tiennent tenu tenue tenais tenait tiendrai tiendra tiendrait
obtenir obtiens obtient obtenu obtenue obtiendra
prendre prends prend prenons prenez prennent pris prise prenais prenait prendrai prendras prendra prendrais prendrait prenne
apprendre apprends apprend apprenons apprenez apprennent appris apprise apprenais apprenait apprendra
comprendre comprends comprend comprenons comprenez comprennent compris comprise comprenais comprenait comprendra
reprendre reprends reprend reprenons reprenez reprennent repris reprise reprendra
mettre mets met mettons mettez mettent mis mise mettais mettait mettrai mettra mettrais mettrait
remettre remets remet remettons remettez remettent remis remise remettra
promettre promets promet promettons promettez promettent promis promise promettra
devoir dois doit devons devez doivent dû due devais devait devrai devras devra devrais devrait doive
falloir faut fallait faudra faudrait fallu faille
partir pars part partons partez partent parti partie partis partais partait partirai partira partirait
sortir sors sort sortons sortez sortent sorti sortie sortis sortais sortait sortirai sortira
dormir dors dort dormons dormez dorment dormi dormais dormait dormirai dormira
sentir sens sent sentons sentez sentent senti sentais sentait sentira
mentir mens ment mentons mentez mentent menti mentais mentait
servir sers sert servons servez servent servi servie servait servira
connaître connaitre connais connaît connait connaissons connaissez connaissent connu connue connaissais connaissait
reconnaître reconnaitre reconnais reconnaît reconnait reconnu reconnue
paraître paraitre parais paraît parait paru
croire crois croit croyons croyez croient cru croyais croyait croirai croira
lire lis lit lisons lisez lisent lu lue lisais lisait lirai lira
écrire écris écrit écrivons écrivez écrivent écrite écrivais écrivait écrirai écrira
boire bois boit buvons buvez boivent bu buvais buvait boirai boira
vivre vis vit vivons vivez vivent vécu vivais vivait vivrai vivra
recevoir reçois reçoit recevons recevez reçoivent reçu reçue recevais recevait recevrai recevra
ouvrir ouvre ouvres ouvrons ouvrez ouvrent ouvert ouverte ouvrais ouvrait ouvrirai ouvrira
offrir offre offres offrons offrez offrent offert offerte offrait offrira
courir cours court courons courez courent couru courais courait courrai courra
suivre suis suit suivons suivez suivent suivi suivie suivais suivait suivrai suivra
conduire conduis conduit conduisons conduisez conduisent conduite conduisais conduisait conduirai conduira
plaire plais plaît plait plu
mourir meurs meurt mourons mourez meurent mort morte mourais mourait mourrai mourra
rire ris rit rions riez rient riait rira
éteindre éteins éteint éteignons éteignez éteignent éteinte éteignait éteindra
peindre peins peint peignons peignent peinte
craindre crains craint craignons craignent crainte
rejoindre rejoins rejoint rejoignons rejoignez rejoignent rejointe rejoindra
envoyer envoie envoies envoyons envoyez envoient envoyé envoyée envoyais envoyait enverrai enverra enverrais enverrait
payer paye payes paie paies payons payez payent paient payé payée payais payait payerai paierai payera paiera
acheter achète achètes achetons achetez achètent acheté achetée achetais achetait achèterai achètera
appeler appelle appelles appelons appelez appellent appelé appelée appelais appelait appellerai appellera
jeter jette jettes jetons jetez jettent jeté jetée jetais jetait jetterai jettera
ramener ramène ramènes ramenons ramenez ramènent ramené ramenée ramenait ramènera
emmener emmène emmènes emmenons emmenez emmènent emmené emmenée emmenait emmènera
amener amène amènes amenons amenez amènent amené amenée amenait amènera
enlever enlève enlèves enlevons enlevez enlèvent enlevé enlevée enlevait enlèvera
lever lève lèves levons levez lèvent levé levée levait lèvera
espérer espère espères espérons espérez espèrent espéré espérait espérera
préférer préfère préfères préférons préférez préfèrent préféré préférait préférera
gérer gère gères gérons gérez gèrent géré gérée gérait gérera
répéter répète répètes répétons répétez répètent répété répétait
nettoyer nettoie nettoies nettoyons nettoyez nettoient nettoyé nettoyée nettoyait nettoiera
essayer essaie essaye essaies essayons essayez essaient essayé essayait essaiera essayera
appuyer appuie appuies appuyons appuyez appuient appuyé appuyait
ennuyer ennuie ennuies ennuient ennuyé ennuyait
";

/// Adjectives (masculine singular); `m/f` gives an irregular feminine.
const ADJS: &str = r"
bon/bonne grand petit nouveau/nouvelle vieux/vieille beau/belle jeune gros/grosse long/longue haut bas/basse
vrai faux/fausse seul plein vide chaud froid frais/fraîche cher/chère gratuit propre sale facile
difficile dur doux/douce fort faible rapide lent calme tranquille sérieux/sérieuse drôle marrant
gentil/gentille méchant mignon/mignonne moche joli fatigué crevé malade content heureux/heureuse triste
énervé vénère chaud-bouillant dingue fou/folle ouf incroyable génial nul nulle lourd léger/légère
blanc/blanche noir rouge bleu vert jaune gris rose violet/violette marron orange doré
premier/première dernier/dernière prochain ancien/ancienne même autre tel/telle certain
important possible impossible normal/normale bizarre chelou relou zarbi grave sûr/sûre prêt/prête
libre occupé pressé bloqué perdu/perdue trouvé rentré sorti parti arrivé fini/finie
riche pauvre cher-payé bon-marché cramé/cramée mort/morte vivant vivante
large étroit profond rond carré plat/plate épais/épaisse mince fin/fine
sucré salé épicé piquant amer/amère acide cru/crue cuit/cuite brûlé
propre-sur-lui stylé frais-comme-jamais chic classe sympa sympathique cool trop-bien
mouillé sec/sèche trempé glacé gelé bouillant tiède
calé chaud-patate déter motivé saoulé saoul/saoule bourré défoncé éclaté claqué
malin/maligne bête con/conne idiot débile intelligent/intelligente fort-en-maths
gentillet timide ouvert/ouverte fermé/fermée public/publique privé/privée
spécial/spéciale général/générale national/nationale local/locale final/finale
vrai-de-vrai parfait/parfaite horrible terrible magnifique superbe splendide
simple compliqué chiant relax posé/posée tendu tendue stressé inquiet/inquiète
rapide-fait lentement-fait pratique utile inutile urgent/urgente
";

fn fr_plural(n: &str) -> String {
    if n.ends_with('s') || n.ends_with('x') || n.ends_with('z') || n.contains('-') {
        n.to_string()
    } else if let Some(st) = n.strip_suffix("al") {
        format!("{st}aux")
    } else if n.ends_with("eau") || n.ends_with("au") || n.ends_with("eu") {
        format!("{n}x")
    } else {
        format!("{n}s")
    }
}

fn fr_feminine(a: &str) -> String {
    if a.ends_with('e') || a.contains('-') {
        a.to_string()
    } else if let Some(st) = a.strip_suffix("eux") {
        format!("{st}euse")
    } else if let Some(st) = a.strip_suffix("if") {
        format!("{st}ive")
    } else if a.ends_with("el") || a.ends_with("en") || a.ends_with("on") || a.ends_with("et") {
        let last = a.chars().last().unwrap();
        format!("{a}{last}e")
    } else if let Some(st) = a.strip_suffix("er") {
        format!("{st}ère")
    } else {
        format!("{a}e")
    }
}

/// -er conjugation endings: (ending, tier). `*` marks endings beginning with a/o.
const ER_ENDINGS: &[(&str, u8)] = &[
    ("e", 1),
    ("é", 1),
    ("ent", 1),
    ("ait", 1),
    ("era", 1),
    ("ez", 1),
    ("es", 2),
    ("*ons", 2),
    ("ée", 2),
    ("és", 2),
    ("ées", 2),
    ("*ais", 2),
    ("*aient", 2),
    ("ions", 2),
    ("iez", 2),
    ("erai", 2),
    ("eras", 2),
    ("erons", 2),
    ("erez", 2),
    ("eront", 2),
    ("erais", 2),
    ("erait", 2),
    ("erions", 2),
    ("eraient", 2),
    ("*ant", 2),
];

const IR_ENDINGS: &[(&str, u8)] = &[
    ("is", 1),
    ("it", 1),
    ("i", 1),
    ("ie", 2),
    ("ies", 2),
    ("issons", 2),
    ("issez", 2),
    ("issent", 1),
    ("issais", 2),
    ("issait", 2),
    ("issions", 2),
    ("issiez", 2),
    ("issaient", 2),
    ("irai", 2),
    ("iras", 2),
    ("ira", 1),
    ("irons", 2),
    ("irez", 2),
    ("iront", 2),
    ("irais", 2),
    ("irait", 2),
    ("issant", 2),
    ("isse", 2),
];

const RE_ENDINGS: &[(&str, u8)] = &[
    ("s", 1),
    ("", 1),
    ("ons", 2),
    ("ez", 2),
    ("ent", 1),
    ("u", 1),
    ("ue", 2),
    ("us", 2),
    ("ues", 2),
    ("ais", 2),
    ("ait", 1),
    ("ions", 2),
    ("iez", 2),
    ("aient", 2),
    ("rai", 2),
    ("ras", 2),
    ("ra", 1),
    ("rons", 2),
    ("rez", 2),
    ("ront", 2),
    ("rais", 2),
    ("rait", 2),
    ("ant", 2),
    ("e", 2),
    ("es", 2),
];

/// Real hyphenated words; other hyphenated entries in the lists are multi-word notes to self.
const HYPHEN_OK: &[&str] = &[
    "peut-être",
    "quand-même",
    "quand-meme",
    "vas-y",
    "rendez-vous",
    "week-end",
    "tee-shirt",
    "micro-ondes",
    "petit-déj",
    "nouvel-an",
    "pôle-emploi",
    "fou-rire",
    "pare-brise",
    "après-midi",
    "c'est-à-dire",
];

fn real_word(w: &str) -> bool {
    let base = w.split('/').next().unwrap_or(w);
    !base.contains('-') || HYPHEN_OK.contains(&base)
}

/// Collects the French forms (without variants: the caller adds them).
pub(crate) fn forms() -> Forms {
    let mut v: Forms = Vec::new();
    let words = |s: &'static str| words(s).filter(|w| real_word(w));
    for (i, w) in words(MISC).enumerate() {
        v.push((0, i / 2, Class::Misc, w.to_string()));
    }
    for (i, w) in words(NOUNS).enumerate() {
        let (sg, pl) = match w.split_once('/') {
            Some((s, "")) => (s.to_string(), s.to_string()),
            Some((s, p)) => (s.to_string(), p.to_string()),
            None => (w.to_string(), fr_plural(w)),
        };
        v.push((0, i, Class::Noun, sg));
        v.push((1, i, Class::Noun, pl));
    }
    let verb_lemmas = words(VERBS_ER).filter(|w| !w.contains('-'));
    for (i, inf) in verb_lemmas.enumerate() {
        let stem = &inf[..inf.len() - 2];
        v.push((0, i, Class::Verb, inf.to_string()));
        for &(end, tier) in ER_ENDINGS {
            let form = if let Some(e) = end.strip_prefix('*') {
                if stem.ends_with('g') {
                    format!("{stem}e{e}")
                } else if let Some(s) = stem.strip_suffix('c') {
                    format!("{s}ç{e}")
                } else {
                    format!("{stem}{e}")
                }
            } else {
                format!("{stem}{end}")
            };
            v.push((tier, i, Class::Verb, form));
        }
    }
    for (i, inf) in words(VERBS_IR).enumerate() {
        let stem = &inf[..inf.len() - 2];
        v.push((0, i + 40, Class::Verb, inf.to_string()));
        for &(end, tier) in IR_ENDINGS {
            v.push((tier, i + 40, Class::Verb, format!("{stem}{end}")));
        }
    }
    for (i, inf) in words(VERBS_RE).enumerate() {
        let stem = &inf[..inf.len() - 2];
        v.push((0, i + 20, Class::Verb, inf.to_string()));
        for &(end, tier) in RE_ENDINGS {
            v.push((tier, i + 20, Class::Verb, format!("{stem}{end}")));
        }
    }
    for (i, line) in VERBS_IRREG.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        for (j, w) in line.split_whitespace().enumerate() {
            let tier = if j == 0 {
                0
            } else if j < 8 {
                1
            } else {
                2
            };
            v.push((tier, i / 2, Class::Verb, w.to_string()));
        }
    }
    for (i, w) in words(ADJS).enumerate() {
        let (m, f) = match w.split_once('/') {
            Some((m, f)) => (m.to_string(), f.to_string()),
            None => (w.to_string(), fr_feminine(w)),
        };
        let mp = fr_plural(&m);
        let fp = if f.ends_with('s') { f.clone() } else { format!("{f}s") };
        v.push((0, i, Class::Adj, m));
        v.push((1, i, Class::Adj, f));
        v.push((2, i, Class::Adj, mp));
        v.push((2, i, Class::Adj, fp));
    }
    v
}

/// Morphemes for synthetic French proper names.
pub(crate) const SURNAME_PRE: &[&str] = &[
    "Beau", "Bel", "Bon", "Ber", "Mar", "Mor", "Du", "Le", "La", "Gir", "Ro", "Ri", "Char", "Chau", "Fon", "Lam",
    "Val", "Mon", "Per", "Pel", "Mal", "Bou", "Gau", "Gre", "Ca", "Four", "Gar", "Lef", "Mer", "Pet", "Ren", "Roux",
    "Sar", "Tho", "Vin", "Ben", "Bra", "Cla", "Del", "Fer", "Lau", "Lou", "Mich", "Pa",
];
pub(crate) const SURNAME_SUF: &[&str] = &[
    "chard", "lin", "nier", "mont", "val", "ard", "ier", "et", "ot", "aud", "eau", "ain", "and", "el", "ès", "oux",
    "ert", "in", "on", "ac", "at", "ade", "ille", "ette", "ault", "ois", "ais", "enne", "y",
];
pub(crate) const TOWN_PRE: &[&str] = &[
    "Saint-",
    "Sainte-",
    "Villeneuve-",
    "Mont",
    "Bois-",
    "Fontaine",
    "Ville",
    "Neuilly-",
    "Champ",
    "Roche",
    "Beau",
    "Clair",
    "Val-",
    "Pont-",
    "Bourg-",
    "Châtel",
    "Mar",
    "Ro",
];
pub(crate) const TOWN_SUF: &[&str] = &[
    "Martin",
    "Denis",
    "Ouen",
    "Maur",
    "Laurent",
    "Michel",
    "Jean",
    "Pierre",
    "Genis",
    "Priest",
    "mont",
    "ville",
    "court",
    "fort",
    "lieu",
    "ray",
    "bel",
    "vert",
    "sur-Seine",
    "sur-Mer",
    "le-Bel",
    "les-Roses",
    "la-Garenne",
    "d'Ascq",
    "champ",
    "bois",
    "roche",
];
pub(crate) const ONSETS: &[&str] = &[
    "b", "br", "ch", "d", "f", "fr", "g", "gr", "j", "l", "m", "n", "p", "pl", "r", "s", "t", "tr", "v", "z", "cl",
    "qu",
];
pub(crate) const NUCLEI: &[&str] = &["a", "ou", "é", "i", "o", "au", "e", "an", "on", "ai", "eu", "è", "in"];
pub(crate) const ENDINGS: &[&str] = &[
    "tte", "rie", "ment", "eur", "ette", "ique", "ois", "ais", "ard", "eau", "on", "in", "ier", "age", "ure", "ance",
    "elle", "iste", "ade", "erie", "euse", "ot",
];
