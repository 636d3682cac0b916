//! Planted threat scenarios in French (France and Belgium), in the register of intercepted
//! encrypted-phone chats: short turns, slang, code words, SMS spellings.
//!
//! Script syntax: `@name = a|b|c` defines a variable (one alternative drawn per conversation,
//! sticky; `{~name}` draws afresh); `A text` / `B text` are turns of speaker 0 / 1;
//! `A?` / `B?` turns are kept half of the time. `{name#2}` is a second, independent draw.

use super::Category::{Drugs, Kidnapping, Weapons};
use super::Scenario;

macro_rules! common {
    () => {
        r"
@bro = frérot|frero|gros|mon frère|akhi|le sang|frr|khey|mon reuf|zin|chef
@ok = ok|vas-y|ça marche|dac|c bon|validé|reçu|oklm|bien reçu|ok ça marche
@van = un Trafic|un Master|un Jumpy|un Kangoo|un utilitaire|un camion blanc|un Berlingo|un Vito|un fourgon|un J5
@voiture = Clio|Golf|Audi A3|308|Classe A|Mégane|C3|RS3|Polo|Twingo
@keufs = les keufs|la police|les condés|la BAC|les bleus|les stups|les flics|la PJ
@planque = au box à {ville}|dans la cave chez la nourrice|dans un appart vide à {ville}|dans le garage du cousin|dans un mobil-home vers {ville}|dans le hangar de {prenom#3}|dans une maison abandonnée vers {ville}
@lieu_remise = au parking du {magasin}|dans la cave du bâtiment B|chez la nourrice|au box|derrière la gare de {ville}|sur l'aire d'autoroute|au péage de {ville}
@jour = lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|demain|ce soir|ce week-end|demain soir
@prenom = Karim|Mehdi|Sofiane|Kevin|Julien|Yanis|Bilal|Moussa|Nabil|Rayan|Samir|Nordine|Jordan|Anthony|Mamadou|Ibrahim|Enzo|Wassim|Amine|Farid|Djibril|Steven|Dylan|Yacine|Hamza|Sami|Ryad|Nassim|Lamine|Soufiane|Loïc|Jérémy|Momo|le Gitan|Bebert|le Comorien
"
    };
}

pub(crate) static SCENARIOS: &[Scenario] = &[
    // ------------------------------------------------------------------ kidnapping
    Scenario {
        id: "kid-fr-tiger-ledger",
        category: Kidnapping,
        script: concat!(
            common!(),
            r"
@cible = le trader|le mec de la crypto|le gars aux bitcoins|le petit génie des cryptos|le youtubeur crypto|le mec de la Lambo
@proche = sa femme|sa meuf|sa mère|son fils|sa fille|sa soeur|sa copine
@cle = sa Ledger|sa ledger|sa Trezor|son wallet froid|sa clé Ledger|son cold wallet
@mots = les 24 mots|la seed|la phrase de récupération|les mots de la seed|la seed phrase|les 12 mots
A {bro} {cible} de {ville} il a au moins {amt_crypto} sur {cle}, c'est sûr
B tu sais ça comment
A il se la raconte sur insta, montres, voitures, il poste ses gains tous les jours
B et le plan c quoi
A on prend {proche}, il nous donne {mots} ou il la revoit plus
A? elle dépose le petit à l'école tous les matins vers {time}, toute seule
B faut {van} propre et des plaques doublées
A j'ai le camion chez {prenom}, fausses plaques {plate}
B on la garde où
A {planque}
B et si il appelle {keufs}
A on lui dit direct : un appel et on coupe un doigt à {proche}
B? wallah c'est chaud ça
A quand il a envoyé on vérifie sur la blockchain et on la relâche au rond-point
B on fait envoyer sur quelle adresse
A celle là {btc}, après ça passe dans un mixeur
B {ok} on fait ça {jour}
"
        ),
    },
    Scenario {
        id: "kid-fr-rue-utilitaire",
        category: Kidnapping,
        script: concat!(
            common!(),
            r"
@cible = le gérant|le bijoutier|le fils du grossiste|le mec du kebab|le cousin de {prenom#3}|le petit de la cité d'en face|le comptable
@liens = des serflex|des colsons|du scotch|du gros scotch gris|du chatterton|des rilsans|du gaffer
@prendre = on le chope|on l'embarque|on le ramasse|on le prend|on le serre
A {cible} il rentre tous les jours vers {time} par {rue}
B seul ?
A seul, il se gare devant chez lui, une {voiture} noire
B {prendre} quand il sort de la caisse
A on arrive avec {van}, deux qui descendent, à l'arrière en 10 secondes
B faut {liens}, {~liens} et une cagoule pour la tête
A? et les gants, et pas de tel perso sur vous
B on l'emmène où après
A {planque}
B ensuite on appelle la famille pour {rancon}
@rancon = la rançon|la rancon|la thune|l'oseille|la tune
A on demande {amt_rancon} en cash ou en crypto, on verra ce qu'ils ont
B et {prenom} il conduit ?
A ouais c lui le chauffeur, il connaît les petites routes
B? et les caméras dans la rue ?
A? y'en a une au tabac, on passe par derrière
B {ok} on se capte {jour} pour le repérage
"
        ),
    },
    Scenario {
        id: "kid-fr-rancon-video",
        category: Kidnapping,
        script: concat!(
            common!(),
            r"
@wallet = {btc_q}|{btc_p}|{eth}|{btc_1}|{btc_3}
@preuve = une preuve de vie|une preuve qu'il est vivant|une vidéo de lui|une photo avec le journal
A la famille a répondu, ils disent qu'ils ont pas {amt_rancon}
B dis leur qu'on baisse pas, sinon ils le récupèrent en morceaux
A ils veulent {preuve}
B je fais une vidéo avec le journal d'aujourd'hui, il dit son nom et la date
A? mets le devant le drap, qu'on voie pas le mur
B envoie leur l'adresse pour payer : {wallet}
A ils savent pas acheter des cryptos ces vieux
B qu'ils aillent dans un bureau de change ou un distributeur bitcoin, ils se débrouillent
A et si ils veulent payer en USDT ?
B alors sur celle là {tron}, réseau TRC20, pas autre chose
A ils ont combien de temps
B 48h, après on envoie un doigt par la poste
A je leur écris depuis le tel jetable, le daron il a donné son num {tel}
B change de SIM après chaque message
B? et éteins le tel quand tu bouges
A? il mange rien, il pleure tout le temps
A? {ok} c'est envoyé
"
        ),
    },
    Scenario {
        id: "kid-fr-doigt-preuve",
        category: Kidnapping,
        script: concat!(
            common!(),
            r"
@outil = une pince|un sécateur|une tenaille|un cutter|une cisaille
@doigt = le petit doigt|un doigt|l'auriculaire|le bout du doigt
@compte = {iban_fr}|{iban_be}
A il veut toujours pas appeler son frère
B il croit qu'on rigole
A je prends {outil} et je lui coupe {doigt}, on envoie la photo au frère
B attends, d'abord tu le filmes pendant qu'il supplie, et tu envoies
A le frère dit qu'il a que la moitié des {amt_rancon}
B dis lui que la prochaine fois c'est l'oreille
A? {bro} t'es sûr ? ça va pisser le sang
B? garrot et scotch, on veut pas qu'il nous claque entre les mains
A c'est fait, photo envoyée
B il répond quoi
A il dit qu'il paye {jour}, par virement sur le compte de la mule {compte}
B pas de virement, ça se remonte trop facile. cash ou crypto
A bon cash alors, remise {lieu_remise}
B on le relâche que quand on a compté
A? et on le relâche où
B? sur une route de campagne, les yeux bandés
"
        ),
    },
    Scenario {
        id: "kid-fr-reperage-traceur",
        category: Kidnapping,
        script: concat!(
            common!(),
            r"
@traceur = un traceur|une balise GPS|un tracker|un AirTag|une balise
@code = ses codes Binance|le code de sa Ledger|le code du coffre|où il cache le cash|les codes de son wallet
@sport = la salle|le foot|la muscu|le padel|la boxe
A j'ai posé {traceur} sous sa {voiture} hier soir
B il bouge comment
A tous les jours pareil : {sport} à {time}, après il va chez sa mère à {ville}
A? le mardi il passe récupérer les loyers en liquide chez ses locataires
B il est armé ?
A non mais il a un chien à la maison, un malinois
B alors on le prend sur le parking de {sport}
A le parking est mal éclairé, pas de caméra côté sortie de secours
B envoie la position exacte
A {gps}
B et après
A on l'emmène au garage et il nous donne {code}
B je regarde encore 2-3 jours, je note tout
A note aussi la plaque de sa meuf {plate}
B? je suis en sous-marin devant chez lui ce soir
A? prends pas ta caisse, elle est connue
"
        ),
    },
    Scenario {
        id: "kid-fr-sequestration-box",
        category: Kidnapping,
        script: concat!(
            common!(),
            r"
@lieu = au box|dans la cave|au garage|dans l'appart|au hangar
@garde = la garde|la surveillance|le tour de garde|la relève
A il est {lieu} depuis hier, il arrête pas de crier
B mets lui du scotch sur la bouche et monte la musique
A il dit qu'il a besoin de ses médicaments, il est diabétique
B on s'en fout, il paye il aura ses médocs
A? qui fait {garde} cette nuit ?
B {prenom} et le petit, relève à {time}
A faut de l'eau et à manger pour 3 jours
B va au {magasin} d'à côté, paye en liquide
A {bro} il a vu ma tête, il m'a vu sans cagoule
B alors il doit pas ressortir de là
A attends on avait dit pas de sang, on veut juste l'oseille
B on verra. appelle sa femme, dis lui {amt_rancon}
A? elle a dit qu'elle vend l'appart s'il faut
B qu'elle se dépêche. adresse pour le paiement {btc}
A {ok} je lui envoie avec la vidéo
"
        ),
    },
    Scenario {
        id: "kid-fr-dette-coffre",
        category: Kidnapping,
        script: concat!(
            common!(),
            r"
@marchandise = kilos|kg|pains|blocs|kilos de C
@coffre = dans le coffre|à l'arrière du camion|dans la malle
A le petit de {ville} il a perdu {num} {marchandise}, il dit que c'est {keufs} qui ont tout pris
B mon cul, il a revendu dans notre dos
A il nous doit {amt_lot}
B on le récupère ce soir, on le met {coffre}
A? et son grand frère ?
B? son frère il est en zonzon, il peut rien faire
A je l'ai localisé, il dort chez sa meuf {rue} à {ville}
B prends {prenom} et {prenom#2} et {van}
A on l'attache et on appelle la daronne
B elle paye en USDT, elle a qu'à demander à son cousin. adresse {tron}
A elle a pas les moyens
B elle vend ses bijoux, c'est pas notre problème
A? et si elle va voir {keufs}
B? elle le retrouvera dans un fossé, elle le sait
A {ok} {bro}
"
        ),
    },
    Scenario {
        id: "kid-fr-faux-policiers",
        category: Kidnapping,
        script: concat!(
            common!(),
            r"
@brassards = des brassards police|des gilets police|des brassards orange|des chasubles POLICE|des tenues de la BAC
@wallet = {eth}|{btc_q}|{tron}|{btc_p}
@exchange = Binance|Kraken|Coinbase|son Ledger|son Exodus
A on y va déguisés en keufs, {brassards} et un gyro sur le toit
B à quelle heure
A 6h du mat, comme une vraie perquise
B il a combien lui
A d'après {prenom} il a {amt_crypto} et du cash dans un coffre
B on le menotte et on embarque sa femme aussi pour qu'il parle
A il ouvre {exchange} et il transfère sur {wallet}
B et le code du coffre il le donne ou on prend les enfants
A? laisse les enfants, trop de bruit
B? ok on prend que lui et la femme
A les menottes je les ai eu sur internet, c'est les vraies
B faut une voiture banalisée, {voiture} grise
A rdv à {time} {lieu_remise}
B? et les talkies, chargés
"
        ),
    },
    Scenario {
        id: "kid-fr-otc-guet-apens",
        category: Kidnapping,
        script: concat!(
            common!(),
            r"
@vendeur = le mec qui vend des USDT|le vendeur OTC|le changeur|le mec des cryptos de Telegram
A {vendeur}, il se déplace avec le cash
B rdv où
A il veut un endroit public, je lui ai proposé un café à {ville}
B on le laisse arriver et on l'attrape au parking avant
A il vient avec {amt_rancon} en liquide pour l'échange
B après on le garde et on vide son wallet
A il a une Ledger sur lui à chaque fois, faut le code PIN
B une nuit au garage et il donnera tout
A? on garde son tel pour que sa famille croie qu'il est en voyage
B voilà la position du garage {gps}
A je transfère à {prenom}
B et change de tel après, celui là il est grillé
A? le coffre de la voiture est assez grand ?
B? on le met à l'arrière avec une couverture dessus
"
        ),
    },
    // ------------------------------------------------------------------ weapons
    Scenario {
        id: "wpn-fr-kalash-balkans",
        category: Weapons,
        script: concat!(
            common!(),
            r"
@kalash = une kalash|une kala|une kalach|un kalashnikov|une AK|un AK47|une kalashnikov|une kalache
@chargeurs = {num} chargeurs|des chargeurs en plus|deux chargeurs camembert|trois chargeurs
A {bro} t'as toujours le contact pour {kalash} ?
B ouais le mec de {ville}, il en a {num} qui arrivent des Balkans
A combien
B {amt_arme} l'unité, avec {chargeurs}
A elle est propre ?
B jamais servi, sortie de caisse, encore dans la graisse
A j'en prends 2, et des munitions, du 7.62
B {num} boîtes ça fait {amt_arme#2}
A livraison ?
B il te la dépose dans un sac de sport {lieu_remise}
A? et on en parle pas au tel hein, que sur ici
B {ok}, argent en main propre, pas de crédit
B? il faut la nettoyer avant de s'en servir
"
        ),
    },
    Scenario {
        id: "wpn-fr-neuf-mil",
        category: Weapons,
        script: concat!(
            common!(),
            r"
@flingue = un 9 mil|un 9mm|un glock|un Glock 17|un Glock 19|un calibre|un feu|un flingue|un pétard|un 9|un soufflant
@bastos = des bastos|des balles|des munitions|des cartouches|des pruneaux
@muni = bastos|balles|munitions|cartouches|9 mm
A j'ai besoin d'{flingue} rapide
B pour faire quoi
A on m'a manqué de respect à {ville}, faut que je règle ça
B j'ai {~flingue} avec {bastos}, {amt_arme}
A il a déjà tiré ?
B? il est sale, il a servi sur une affaire, tu le jettes après
A non je veux un propre
B alors un Glock neuf, numéro limé, {amt_arme#2}
A ok et une boîte de {muni}
B rdv {jour} {time} {au_lieu}, viens seul
A j'envoie {prenom}, il a pas de casier
B dis lui de pas venir en caisse de luxe
"
        ),
    },
    Scenario {
        id: "wpn-fr-pompe-cite",
        category: Weapons,
        script: concat!(
            common!(),
            r"
@pompe = un fusil à pompe|une pompe|un pompe|un fusil à canon scié|un canon scié|un calibre 12|un Mossberg
A t'as {pompe} dispo ?
B ouais un Mossberg, crosse coupée
A combien
B {amt_arme} avec les cartouches de chevrotine
A c'est pour ceux de la cité d'en face, ils viennent sur notre point
B faut pas rater alors
A? t'as autre chose ?
B j'ai aussi un 357 magnum, un revolver
A envoie photo
B regarde, état neuf, jamais tiré
A je prends {pompe}, on se voit {jour}
B ramène le cash en billets de 50
A? tu peux le scier encore plus court ?
B? oui mais ça disperse à mort après
"
        ),
    },
    Scenario {
        id: "wpn-fr-munitions-belgique",
        category: Weapons,
        script: concat!(
            common!(),
            r"
@muni = munitions|munitions|bastos|cartouches|balles
A j'ai besoin de {muni}, du 7.62x39 et du 9 mm
B combien de boîtes
A {num} de chaque
B le 7.62 c'est rare en ce moment, {amt_petit} la boîte
A ok et du 9 ?
B? le 9 y'en a plein, {amt_petit#2} les 50
A mets aussi des chargeurs pour la kala
B je te fais le tout pour {amt_arme}
A? ça vient d'où
B un armurier en Belgique qui ferme les yeux
A livraison chez la nourrice à {ville}
B {ok} {jour}
"
        ),
    },
    Scenario {
        id: "wpn-fr-grenades-serbe",
        category: Weapons,
        script: concat!(
            common!(),
            r"
@grenade = des grenades|des grenades défensives|des ananas|des citrons|des M75|des grenades yougoslaves
@explo = du plastic|de l'explosif|du C4|des pains d'explosif
A le Serbe il a {grenade} et {explo}
B pour quoi faire {explo}
A la porte du concurrent, on fait sauter son commerce
B ça fait trop de bruit, {keufs} vont débarquer partout
A c'est le but, qu'il comprenne
B combien la grenade
A {amt_petit} pièce, il en a {num}
B prends en 3, et vérifie qu'elles sont pas trafiquées
A? pour {explo} faut un détonateur
B? laisse tomber, les grenades ça suffit
A livraison par la route, cachées dans une voiture de {ville}
B tu paies comment
A cash à la livraison, {amt_arme} pour tout
"
        ),
    },
    Scenario {
        id: "wpn-fr-gilets-coup",
        category: Weapons,
        script: concat!(
            common!(),
            r"
@gilet = un gilet pare-balles|un gilet|un pare-balles|un gilet lourd|un gilet avec plaques|un gilet pare balle
A faut {gilet} pour moi et pour {prenom}
B niveau 3 ou niveau 4 ?
A le meilleur, avec les plaques céramique
B j'ai des gilets de la police, {amt_arme} pièce
A et un casque aussi
B? pas de casque, mais des cagoules et des gants
A tu prends aussi des radios ?
B oui des talkies cryptés
A {ok} pour {jour}, on prépare le coup de {ville}
B quel coup
A pas ici, je t'explique en vrai
B? ramène aussi les fusils, ceux du box
"
        ),
    },
    Scenario {
        id: "wpn-fr-silencieux",
        category: Weapons,
        script: concat!(
            common!(),
            r"
@silencieux = un silencieux|un silenceur|un modérateur|un sil|un réducteur de son
A t'as {silencieux} qui va sur un Glock ?
B j'ai un modèle fileté, faut le canon fileté
A je peux changer le canon ?
B oui, le tout {amt_arme}
A ça fait vraiment pas de bruit ?
B? ça claque comme une porte, pas comme dans les films
A c'est pour un travail discret dans un immeuble
B alors prends des munitions subsoniques aussi
A je passe {jour} {au_lieu}
B viens avec le cash, pas de retard
A? et tu le testes avant ?
B? je l'ai testé dans la forêt à {ville}, nickel
"
        ),
    },
    Scenario {
        id: "wpn-fr-stock-nourrice",
        category: Weapons,
        script: concat!(
            common!(),
            r"
@armes = le matos|les outils|les jouets|le matériel|les affaires|la ferraille|les joujoux
A faut bouger {armes} de chez {prenom}, {keufs} tournent dans le quartier
B tu les mets où
A chez la nourrice du bâtiment C, elle a une cave
B il y a quoi exactement
A 2 kalash, 3 9mm, une pompe et les munitions
B attention elle a des enfants, range en hauteur
A on paie la nourrice {amt_petit} par semaine
B? elle sait ce qu'il y a dans les sacs ?
A? elle pose pas de questions
B note tout ce qui sort, qui prend quoi
A? la clé de la cave je la garde sur moi
B envoie moi la position {gps}
"
        ),
    },
    Scenario {
        id: "wpn-fr-alarme-convertie",
        category: Weapons,
        script: concat!(
            common!(),
            r"
@alarme = des pistolets d'alarme convertis|des Zoraki convertis|des pistolets à blanc modifiés|des Ekol transformés
A le mec vend {alarme}
B ça tire vraiment ?
A ouais converti en Slovaquie, ça tire du vrai 9 mm
B combien
A {amt_arme}, moins cher qu'un Glock
B? ça s'enraye pas ?
A? des fois mais ça fait le travail
B prends m'en deux
A il envoie par colis, caché dans une enceinte bluetooth démontée
B on paye comment
A il veut des USDT sur {tron}
B {ok} je paye dès que t'as le numéro de suivi
"
        ),
    },
    // ------------------------------------------------------------------ drugs
    Scenario {
        id: "drg-fr-point-de-deal",
        category: Drugs,
        script: concat!(
            common!(),
            r"
@four = le four|le point|le terrain|le spot|le plan|le charbon
@chouf = les choufs|les guetteurs|les petits|le chouf|les gueteurs
@drogue = beuh|shit|résine|coke|C|blanche|frappe|bédo
A {four} a fait combien hier
B {amt_moyen} de recette, c'est bien
A {chouf} ils ont crié arah 3 fois, la BAC est passée
A? faut changer de cage d'escalier
B les charbonneurs se plaignent, ils veulent {amt_petit} la journée
A dis leur que c'est ça ou ils dégagent
B le stock de {drogue} est bas
A je passe ce soir avec {num} plaquettes et 200 g de {~drogue}
B envoie les petits récupérer chez la nourrice
A horaires 10h-22h, 2 shifts, pas de retard
B? et les pochons on les fait de combien
A? de 10 et de 20, comme d'hab
B {ok}
"
        ),
    },
    Scenario {
        id: "drg-fr-go-fast-espagne",
        category: Drugs,
        script: concat!(
            common!(),
            r"
@resine = résine|shit|marocain|jaune|teuchi|zetla|bouillon marocain
@ballots = ballots|sacs|valises|colis
A le go-fast part de Marbella {jour}
B combien de voitures
A 3 : l'ouvreuse, la chargée et la voiture balai
B chargée de quoi
A {num2} {ballots} de {resine}, dans les {num}00 kilos
B la route
A Espagne, on passe Perpignan de nuit, arrivée {ville} vers {time}
B les chauffeurs ils touchent combien
A {amt_moyen} chacun, la moitié avant
B? et si la douane est au péage ?
A? l'ouvreuse prévient et on sort avant
B la nourrice à {ville} est prête
A position du déchargement {gps}
B {ok}
"
        ),
    },
    Scenario {
        id: "drg-fr-conteneur-havre",
        category: Drugs,
        script: concat!(
            common!(),
            r"
@couverture = des bananes de l'Équateur|des ananas du Costa Rica|du café brésilien|des crevettes congelées|du sucre de Colombie
@blanche = la blanche|la coke|la C|la neige|la cc|le produit|la poudre|la cocaïne
@stamp = Bugatti|Rolex|le scorpion|la couronne|Superman|Toyota|le dauphin
A le conteneur arrive au Havre {jour}, {num2} sacs dedans
B c'est quoi la couverture
A {couverture}
B qui sort les sacs
A nos dockers, ils ont le numéro {container} et le scellé
B combien pour eux
A {amt_lot} pour la sortie
B? et le scanner ?
A? le conteneur est pas ciblé, notre gars aux douanes a vérifié
B après on stocke où
A un entrepôt vers Rouen, puis {ville}
B {blanche} elle est pure à combien
A 90, estampillée {stamp}
B et le prix au kilo
A {amt_kilo} au Havre, plus cher à Paris
"
        ),
    },
    Scenario {
        id: "drg-fr-nourrice-stock",
        category: Drugs,
        script: concat!(
            common!(),
            r"
@nourrice = la nourrice|la nounou|la tata|la voisine du 3e|la dame du 5e
A {nourrice} elle peut garder combien de kilos
B 30 max, elle a peur
A on lui donne {amt_petit} par semaine c bien payé
B elle a déjà {num2} kilos de beuh et 4 kilos de C
A? faut pas tout mettre au même endroit
B on ouvre une autre nourrice au bâtiment B
A les petits récupèrent à quelle heure
B tous les jours à {time}, jamais le même chemin
A et le cash ?
B il reste chez elle jusqu'à la collecte du vendredi
A? elle compte bien au moins
B? elle a la machine à billets, tkt
"
        ),
    },
    Scenario {
        id: "drg-fr-livraison-snap",
        category: Drugs,
        script: concat!(
            common!(),
            r"
@beuh = beuh|weed|frappe|amnésia|cali|la verte|de la cali US
@appli = Snap|Telegram|Signal|Potato
A le menu {appli} de la semaine : {beuh} et du shit Dry, {amt_petit} les 10 g
B les livreurs ils tournent où
A {ville} centre et les facs
B ça marche les commandes ?
A {num2} commandes hier, grave vendu
B? y'a un client qui veut 100 g
A livre le en main propre, jamais au tel
B le stock on recharge quand
A demain, {num} kilos de {beuh} qui arrivent d'Espagne
B {ok}
A? et change le compte {appli}, l'autre il est signalé
B nouveau numéro pour les commandes : {tel}
"
        ),
    },
    Scenario {
        id: "drg-fr-coke-plaquettes",
        category: Drugs,
        script: concat!(
            common!(),
            r"
@coke = de la coke|de la C|de la blanche|de la cc|de la neige|de la cock|de la cocaïne|du bouillon|de la poudre|de la coc
@plaquette = plaquettes|pains|briques|kilos|blocs
A {bro} t'as {coke} ?
B combien
A {num} {plaquette}, pour {jour}
B {amt_kilo} le kilo, pure à 85
A c'est cher, à {ville} c'est moins
B alors va à {ville}
A ok ok je prends, mais je teste d'abord
B tu viens avec le cash compté, billets de 50 sous vide
A? y'a un logo dessus ?
B? logo dauphin, direct d'Équateur
A rdv où
B {gps}
"
        ),
    },
    Scenario {
        id: "drg-fr-synthetiques",
        category: Drugs,
        script: concat!(
            common!(),
            r"
@md = de la MD|des ecstas|des taz|des cachets|de la 3MMC|de la kéta|des pilules|des XTC|du crystal
A pour la soirée de samedi faut {md}
B combien
A {num}00 ecstas et 200 g de MD
B je les ai des Pays-Bas, les Tesla bleues à 240 mg
A? c'est trop fort ça, les gens vont tomber
B? c'est ce que les clients veulent
A prix ?
B {amt_moyen} le tout
A livraison à {ville} ?
B mon gars passe la frontière belge {jour}
A et de la kéta aussi, 100 g
B {ok}
"
        ),
    },
    Scenario {
        id: "drg-fr-dette-recouvrement",
        category: Drugs,
        script: concat!(
            common!(),
            r"
@pay = {tron}|{eth}|{btc}
A {prenom} il nous doit encore {amt_lot}
B il dit qu'il a perdu le chargement à la frontière
A j'en ai rien à foutre, on lui a avancé la marchandise
B il propose de payer en 3 fois
A dis lui {jour} la moitié, sinon on passe chez lui
B? il veut rembourser en crypto sur {pay}
A ok mais qu'il se dépêche, après c'est 10% de plus par semaine
B et le reste de la came qu'il a encore ?
A qu'il la ramène chez la nourrice ce soir
B il est chaud là, il menace d'aller voir {keufs}
A? alors rappelle lui où habite sa mère
B {ok} je m'en occupe
"
        ),
    },
    Scenario {
        id: "drg-fr-rip-anvers",
        category: Drugs,
        script: concat!(
            common!(),
            r"
@sacs = les sacs|les sports bags|les valises|les pakketten|les colis
A le rip-on à Anvers c'est pour {jour}
B les sacs sont dans quel conteneur
A {container}, terminal Deurganck
B les uithalers ils veulent combien
A 30% de la marchandise ou {amt_lot}
B ils sortent {sacs} comment
A camion de la société de nettoyage, ils ont les badges
B? et le scellé ?
A? on a une copie du scellé, personne voit rien
B {num2} sacs de 25 kg, faut 2 voitures
A la planque c'est un hangar vers {ville}
B envoie le point {gps_antwerpen}
A {ok} et on coupe les tels à partir de maintenant
"
        ),
    },
    Scenario {
        id: "kid-fr-home-jacking-coffre",
        category: Kidnapping,
        script: concat!(
            common!(),
            r"
@cible = le bijoutier|le grossiste|le patron du garage|le mec du PMU|le vieux du château|le marchand de voitures
@attacher = on les attache|on les serflex|on les ligote|on les scotche
A {cible} à {ville}, il garde tout chez lui dans un coffre
B combien dedans
A d'après sa femme de ménage au moins {amt_rancon} en cash et en or
B on rentre comment
A on sonne en livreur Chronopost à {time}, il ouvre toujours
B et la famille
A {attacher} tous dans le salon, sauf lui
B il va pas donner le code comme ça
A on met un sac sur la tête de son fils devant lui, il donnera
B? et si il a une alarme
A? elle est reliée à rien, la femme de ménage a vérifié
B faut {van} et des gants, pas de tel perso
A rdv {lieu_remise} la veille
B {ok}
"
        ),
    },
    Scenario {
        id: "kid-fr-enfant-grossiste",
        category: Kidnapping,
        script: concat!(
            common!(),
            r"
@gamin = son fils|le petit|son gamin|le fils|le grand de 16 ans
A le grossiste de {ville} il nous a carotte sur la dernière livraison
B il dit quoi
A il répond plus, il a changé de tel
B alors on prend {gamin}, il sort du foot tous les mercredis à {time}
A le parking du stade est désert à cette heure là
B on le met dans {van} et on envoie une photo au père
A on demande quoi
B {amt_rancon} en USDT sur {tron}, et la marchandise qu'il nous doit
A? et si il appelle {keufs}
B? il peut pas, lui aussi il est dans le trafic
A on le garde {planque}, pas plus de 3 jours
B {ok} et personne touche au petit tant que le père paye
"
        ),
    },
    Scenario {
        id: "wpn-fr-darkweb-pieces",
        category: Weapons,
        script: concat!(
            common!(),
            r"
@site = le darknet|le marché sur Tor|le vendeur sur Telegram|le shop en .onion
A j'ai trouvé un vendeur sur {site}, il envoie les pièces de Glock en plusieurs colis
B ça arrive comment
A glissière, canon et carcasse dans trois colis différents, déclarés pièces de vélo
B on paye comment
A en bitcoin, {amt_crypto} pour le tout, adresse {btc}
B et le remontage
A {prenom} sait faire, il a déjà monté une AR
B? et si la douane ouvre un colis
A? on fait livrer chez la tata de {prenom#2}, elle sait rien
B {ok} commande 2 kits
"
        ),
    },
    Scenario {
        id: "wpn-fr-location-arme",
        category: Weapons,
        script: concat!(
            common!(),
            r"
@fer = un fer|une arme|un feu|un outil|un 9|un calibre
A faut louer {fer} pour le week-end
B pour quoi
A une affaire à régler à {ville}, je te dis pas plus
B le vieux il loue {amt_petit} la journée, et si ça tire c'est {amt_arme}
A ça marche, avec les balles
B tu le rends propre, essuyé, dans le même sac
A? il a jamais servi celui là ?
B? il a servi une fois, mais y'a rien qui remonte
A récupération {lieu_remise} {jour} à {time}
B {ok}, et tu perds pas le sac sinon tu le paies plein pot
"
        ),
    },
    Scenario {
        id: "drg-fr-blanchiment-resto",
        category: Drugs,
        script: concat!(
            common!(),
            r"
@billets = les billets|le liquide|le cash|l'espèce|les liasses|les sacs de billets
A j'ai {amt_lot} en {billets} à faire rentrer
B passe par le resto de {prenom}, il déclare des faux couverts
A c'est trop lent
B alors le changeur, il te rend en USDT à 3%, sur {tron}
A et pour le reste ?
B la société de BTP, virement sur le compte {iban_fr}, fausses factures
A? et le comptable il est sûr ?
B? il touche sa part, il dira rien
A on fait ça {jour}
B ramène les sacs chez la nourrice avant, compte tout deux fois
"
        ),
    },
    Scenario {
        id: "drg-fr-crack-cuisine",
        category: Drugs,
        script: concat!(
            common!(),
            r"
@crack = le crack|la galette|les cailloux|la cuisine|la cc cuite
A faut cuisiner 500 g ce soir, les clients de Stalingrad attendent
B {crack} ça part trop vite en ce moment
A ouais, les galettes à {amt_petit} les 10
B t'as le bicarbonate ?
A oui et les plaques électriques, c'est chez la nourrice
B? fais gaffe à l'odeur, la dernière fois les voisins ont appelé
A? j'ouvre les fenêtres et je mets la hotte
B et les petits vendent où
A métro, sortie 2, et le squat derrière la gare de {ville}
B {ok}
"
        ),
    },
];
