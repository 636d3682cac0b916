//! Planted threat scenarios in Dutch (Netherlands and Flanders), in the register of
//! intercepted encrypted-phone chats. Syntax: see `scen_fr.rs`.

use super::Category::{Drugs, Kidnapping, Weapons};
use super::Scenario;

macro_rules! common {
    () => {
        r"
@bro = broer|bro|mattie|neef|ouwe|gap|strijder|jongen|bratva|lieverd|maat
@ok = ok|oke|top|is goed|komt goed|check|duidelijk|begrepen|akkoord|doen we|helder
@bus = een busje|een bus|een Transporter|een Sprinter|een Caddy|een Vito|een bestelbus|een Crafter
@auto = Golf|Audi|A3|Polo|Passat|Mercedes|BMW|Clio|Seat Leon|Kia
@politie = de politie|de pliesie|de bouten|de wouten|de juten|de smerissen|de recherche|de blauwen|de DSI|de kit
@verstop = in de loods in {stad}|in een opslagbox in {stad}|in de kelder bij {naam#3}|in een bungalow op een vakantiepark bij {stad}|in een leeg huis in {stad}|in de zeecontainer op het bedrijventerrein|in de garagebox achter de flat
@naam = Daan|Ricardo|Mo|Achraf|Ridouan|Jeroen|Sander|Bram|Kevin|Naoufal|Youssef|Dennis|Mohamed|Bilal|Stefan|Rachid|Mustafa|Anouar|Jordy|Mike|Ilias|Soufyan|Jayden|Milan|Ferdi|Gino|Ramon|Romano|Ayoub|Hamza|Younes|Shane|Dylano|Quincy|de Turk|de Schele|Kleine Mo
@overdracht = op de parkeerplaats van de {winkel}|achter het station van {stad}|bij de McDrive|bij het tankstation langs de A16|in de parkeergarage|bij de loods|bij de carwash
"
    };
}

pub(crate) static SCENARIOS: &[Scenario] = &[
    // ------------------------------------------------------------------ kidnapping
    Scenario {
        id: "kid-nl-tiger-ledger",
        category: Kidnapping,
        script: concat!(
            common!(),
            r"
@doelwit = die cryptoboy|die trader|die gast met de lambo|die bitcoin jongen|die influencer|die gozer van de crypto
@familie = zijn vrouw|zijn vriendin|zijn moeder|zijn zoontje|zijn dochter|zijn zus
@ledger = zijn ledger|zijn Ledger|zijn trezor|zijn hardware wallet|zijn cold wallet|zijn usb stick met de coins
@woorden = de 24 woorden|de seed|zijn herstelzin|de seedphrase|de recovery zin|de 12 woorden
A {bro} {doelwit} uit {stad} heeft minstens {amt_crypto} op {ledger}
B hoe weet je dat
A hij laat alles zien op insta, horloges, auto's, elke dag zijn winst
B en wat is het plan
A we pakken {familie}, hij geeft {woorden} of hij ziet haar nooit meer
A? ze brengt de kleine elke ochtend rond {time} naar school, alleen
B we hebben {bus} nodig met valse platen
A staat bij {naam} in de loods, platen {plate}
B waar houden we haar
A {verstop}
B en als hij {politie} belt
A dan zeggen we meteen: één telefoontje en er gaat een vinger af
B? wollah dat is heftig
A als het binnen is checken we de blockchain en laten haar los bij de rotonde
B naar welk adres
A deze {btc}, daarna door een mixer
B {ok}, {dag} dan
"
        ),
    },
    Scenario {
        id: "kid-nl-busje-straat",
        category: Kidnapping,
        script: concat!(
            common!(),
            r"
@doel = die juwelier|de zoon van de groothandel|die eigenaar van de shoarmazaak|het neefje van {naam#3}|die boekhouder|die gast van de autohandel
@boeien = tie-raps|tyraps|ducttape|tape|kabelbinders|handboeien|spanbanden
@pakken = trekken we hem erin|pakken we hem op|nemen we hem mee|sleuren we hem de bus in
A {doel} komt elke dag rond {time} thuis via de {straat}
B alleen?
A alleen, parkeert voor de deur, zwarte {auto}
B {pakken} als hij uitstapt
A we komen met {bus}, twee man eruit, binnen 10 sec achterin
B neem {boeien}, {~boeien} en een bivakmuts
A? handschoenen aan, geen eigen telefoons mee
B waar brengen we hem heen
A {verstop}
B dan bellen we de familie voor het losgeld
A we vragen {amt_losgeld}, cash of crypto
B rijdt {naam}?
A ja hij is de chauffeur, kent alle binnenwegen
B? en de camera's in de straat?
A? eentje bij de snackbar, we komen van de achterkant
B {ok} morgen verkennen
"
        ),
    },
    Scenario {
        id: "kid-nl-losgeld-filmpje",
        category: Kidnapping,
        script: concat!(
            common!(),
            r"
@wallet = {btc_q}|{btc_p}|{eth}|{btc_1}|{btc_3}
@bewijs = een bewijs dat hij leeft|een levensteken|een filmpje van hem|een foto met de krant
@losgeld = losgeld|het geld|de poen|de centen
A de familie heeft gereageerd, ze zeggen dat ze geen {amt_losgeld} hebben
B zeg dat we niet zakken, anders krijgen ze hem in stukken terug
A ze willen {bewijs}
B ik maak een filmpje met de krant van vandaag, hij zegt zijn naam en de datum
A? zet hem voor het laken, dat je de muur niet ziet
B stuur ze het adres voor {losgeld}: {wallet}
A die oudjes weten niet hoe je crypto koopt
B laat ze naar een wisselkantoor of een bitcoin automaat gaan, zoeken ze maar uit
A en als ze in USDT willen betalen?
B dan op deze {tron}, TRC20 netwerk, niks anders
A hoeveel tijd krijgen ze
B 48 uur, daarna sturen we een vinger op
A ik app ze vanaf de wegwerptelefoon, de vader heeft dit nummer gegeven {tel}
B na elk bericht nieuwe simkaart
A? hij eet niks, huilt de hele tijd
B? boeit niet, hij moet gewoon blijven leven tot het binnen is
"
        ),
    },
    Scenario {
        id: "kid-nl-vinger-eraf",
        category: Kidnapping,
        script: concat!(
            common!(),
            r"
@gereedschap = een tang|een snoeischaar|een betonschaar|een stanleymes|een kniptang
@rekening = {iban_nl}|{iban_be}
A hij wil z'n broer nog steeds niet bellen
B hij denkt dat we een grap maken
A ik pak {gereedschap} en knip zijn pink eraf, foto naar de broer
B wacht, eerst filmen terwijl hij smeekt, dan sturen
A de broer zegt dat hij maar de helft heeft van {amt_losgeld}
B zeg maar dat het volgende keer een oor is
A? {bro} weet je het zeker? dat gaat bloeden als een gek
B? afbinden en tape erom, hij mag niet doodgaan
A gedaan, foto is verstuurd
B wat zegt hij
A hij betaalt {dag}, overmaken naar de rekening van de katvanger {rekening}
B geen overboeking, dat is te traceren. cash of crypto
A cash dan, overdracht {overdracht}
B hij gaat pas los als alles geteld is
"
        ),
    },
    Scenario {
        id: "kid-nl-observatie-baken",
        category: Kidnapping,
        script: concat!(
            common!(),
            r"
@baken = een baken|een peilbaken|een tracker|een gps tracker|een airtag|een zender
@code = zijn Binance codes|de code van zijn ledger|de code van de kluis|waar hij het cash bewaart|zijn wallet codes
A ik heb gisteravond {baken} onder zijn {auto} gezet
B hoe beweegt hij
A elke dag hetzelfde: om {time} sportschool, daarna naar zijn moeder in {stad}
A? op dinsdag haalt hij de huur contant op bij zijn huurders
B is hij gewapend?
A nee maar hij heeft een hond thuis, een mechelaar
B dan pakken we hem op de parkeerplaats van de gym
A slecht verlicht daar, geen camera aan de kant van de nooduitgang
B stuur de exacte locatie
A {gps}
B en dan
A naar de loods en hij geeft ons {code}
B ik kijk nog 2-3 dagen, schrijf alles op
A schrijf ook het kenteken van zijn vriendin op {plate}
B? ik sta vanavond te posten bij zijn huis
"
        ),
    },
    Scenario {
        id: "kid-nl-schuld-rip",
        category: Kidnapping,
        script: concat!(
            common!(),
            r"
@spul = blokken|kilo|pakketten|stenen
A die jongen uit {stad} is {num} {spul} kwijt, zegt dat alles bij een inval is gepakt
B m'n reet, hij heeft het achter onze rug verkocht
A hij is ons {amt_lot} schuldig
B vanavond pakken we hem op, in de kofferbak
A? en zijn grote broer?
B? die zit vast, kan niks doen
A ik weet waar hij is, hij slaapt bij zijn vriendin in de {straat} in {stad}
B neem {naam} en {naam#2} en {bus} mee
A vastbinden en dan bellen we zijn moeder
B ze betaalt in USDT, moet ze maar aan haar neef vragen. adres {tron}
A ze heeft het geld niet
B dan verkoopt ze haar goud, niet ons probleem
A? en als ze naar {politie} gaat
B? dan vindt ze hem in een sloot, dat weet ze
"
        ),
    },
    Scenario {
        id: "kid-nl-container-stoel",
        category: Kidnapping,
        script: concat!(
            common!(),
            r"
@container = de container|de zeecontainer|de cel|de box|het hok
A {container} is klaar, geluiddicht gemaakt met schuim aan de binnenkant
B de stoel staat erin?
A ja, vastgeschroefd aan de vloer, met riemen en handboeien
B camera erbij zodat we hem vanaf de telefoon kunnen zien
A er zit een camera in de hoek, beeld komt hier binnen
B wie komt erin
A eerst die gast uit {stad} die {spul} heeft laten verdwijnen
@spul = die 200 kilo|de lading|de blokken|het geld
B hij gaat praten, geloof me
A? en de buren van het terrein?
B? niemand daar 's nachts, alleen een bewaker om {time}
A locatie voor de jongens {gps}
B en het losgeld doen we hoe
A zijn familie betaalt {amt_losgeld}, anders gaat hij de container niet meer uit
B {ok} {bro}
"
        ),
    },
    Scenario {
        id: "kid-nl-nep-politie",
        category: Kidnapping,
        script: concat!(
            common!(),
            r"
@jassen = politiejasjes|politievesten|hesjes met POLITIE erop|arrestatieteam pakken|recherche jassen
@wallet = {eth}|{btc_q}|{tron}|{btc_p}
@exchange = Binance|Bitvavo|Kraken|zijn Ledger|Coinbase
A we gaan erin als politie, {jassen} en een zwaailicht op het dak
B hoe laat
A 6 uur 's ochtends, net als een echte inval
B hoeveel heeft hij
A volgens {naam} heeft hij {amt_crypto} en cash in een kluis
B handboeien om en zijn vrouw nemen we ook mee zodat hij praat
A hij opent {exchange} en zet alles over naar {wallet}
B en de code van de kluis geeft hij of we nemen de kinderen
A? laat de kinderen, te veel lawaai
B? ok alleen hem en de vrouw
A de handboeien heb ik online besteld, echte
B we hebben een onopvallende auto nodig, grijze {auto}
A om {time} verzamelen {overdracht}
"
        ),
    },
    Scenario {
        id: "kid-nl-eth-influencer",
        category: Kidnapping,
        script: concat!(
            common!(),
            r"
@munt = ETH|ethereum|eth|ether
A die influencer heeft net een villa gekocht in {stad}, allemaal van {munt}
B hoeveel
A minstens {amt_crypto}, zegt hij zelf op youtube
B woont hij alleen?
A met zijn vriendin, geen beveiliging, alleen een ring deurbel
B dan plakken we de deurbel af en gaan we met 3 man naar binnen
A hij moet alles overmaken naar {eth}
B en als hij zegt dat het in cold storage staat
A dan rijden we met hem naar de kluis, vriendin blijft bij ons
B? wie houdt haar vast
A? {naam}, die is rustig
B we hebben tyraps en tape nodig, en een bus
A {bus} staat klaar, valse platen {plate}
B {dag} dan, na middernacht
"
        ),
    },
    // ------------------------------------------------------------------ weapons
    Scenario {
        id: "wpn-nl-kalasj",
        category: Weapons,
        script: concat!(
            common!(),
            r"
@ak = een kalasj|een AK|een kalashnikov|een ak47|een kala|een klapper|een AKM|een kalasjnikov
@magazijnen = {num} magazijnen|extra magazijnen|2 bananen|3 magazijnen
A {bro} heb je nog die lijn voor {ak}?
B ja die gast uit {stad}, er komen er {num} uit de Balkan
A prijs
B {amt_wapen} per stuk, met {magazijnen}
A is hij schoon?
B nooit gebruikt, nieuw uit de kist, zit nog in het vet
A ik neem er 2, en patronen, 7.62
B {num} doosjes is {amt_wapen#2}
A levering?
B hij zet hem in een sporttas {overdracht}
A? en niet aan de telefoon he, alleen hier
B {ok}, geld contant, geen pof
"
        ),
    },
    Scenario {
        id: "wpn-nl-glock-blaffer",
        category: Weapons,
        script: concat!(
            common!(),
            r"
@blaffer = een blaffer|een ijzer|een paf|een pistool|een glock|een Glock 19|een 9mm|een proppenschieter|een knal|een ding|een nine
@kogels = kogels|patronen|munitie|pillen voor het ding
A ik heb snel {blaffer} nodig
B waarvoor
A iemand heeft me in {stad} gedist, moet geregeld worden
B ik heb {~blaffer} met {kogels}, {amt_wapen}
A heeft hij al geschoten?
B? hij is vies, is gebruikt bij een klus, na afloop weggooien
A nee ik wil een schone
B dan een nieuwe Glock, nummer eraf gevijld, {amt_wapen#2}
A ok en een doos {kogels}
B {dag} om {time} {overdracht}, kom alleen
A ik stuur {naam}, hij heeft geen strafblad
B zeg dat hij niet met een dure auto komt
"
        ),
    },
    Scenario {
        id: "wpn-nl-patronen",
        category: Weapons,
        script: concat!(
            common!(),
            r"
@patronen = patronen|kogels|munitie|scherpe patronen
A ik zoek {patronen}, 7.62x39 en 9 mm
B hoeveel doosjes
A {num} van elk
B 7.62 is schaars nu, {amt_klein} per doos
A ok en de 9?
B? 9mm genoeg, {amt_klein#2} voor 50 stuks
A doe ook magazijnen voor de AK
B alles bij elkaar {amt_wapen}
A? waar komt het vandaan
B een wapenhandelaar in België die niet moeilijk doet
A leveren in {stad}
B {ok} {dag}
"
        ),
    },
    Scenario {
        id: "wpn-nl-handgranaten",
        category: Weapons,
        script: concat!(
            common!(),
            r"
@granaat = handgranaten|granaten|ananassen|eieren|M75's|scherven granaten
A de Serviër heeft {granaat} en explosieven
B waarvoor
A voor de deur van die gast die ons heeft belazerd, zijn zaak opblazen
B dat maakt veel herrie, {politie} zit er dan meteen bovenop
A dat is de bedoeling, dat hij het snapt
B prijs per stuk
A {amt_klein} per stuk, hij heeft er {num}
B neem er 3, check of ze niet nep zijn
A? voor de explosieven heb je een ontsteker nodig
B? laat maar, granaten is genoeg
A levering via de weg, verstopt in een auto uit {stad}
B betaling
A contant bij levering, {amt_wapen} voor alles
"
        ),
    },
    Scenario {
        id: "wpn-nl-cobra-aanslag",
        category: Weapons,
        script: concat!(
            common!(),
            r"
@cobra = cobra's|een cobra 6|cobra 8's|zware cobra's|een paar cobras|een explosief|een bom
@pand = het pand|de woning|de zaak|de voordeur|het huis van zijn moeder|de kapperszaak
A ik heb {cobra} voor {pand} in {stad}
B wanneer
A {dag} nacht, rond 3 uur als alles stil is
B wie legt hem neer
A twee jonge jongens op een scooter, {amt_klein} per persoon
B? die gasten kunnen hun mond niet houden
A? ze weten niet voor wie het is
B zorg dat er geen kinderen in huis zijn
A ik heb het adres gecheckt, alleen hij woont er
B stuur de locatie
A {gps}
B filmpje maken als bewijs, anders betaal ik niet
A {ok}
"
        ),
    },
    Scenario {
        id: "wpn-nl-kogelwerend",
        category: Weapons,
        script: concat!(
            common!(),
            r"
@vest = een kogelwerend vest|een vest|een scherfvest|een kogelvrij vest|een plate carrier
A ik heb {vest} nodig voor mij en {naam}
B klasse 3 of klasse 4?
A het beste, met keramische platen
B ik heb vesten van de politie, {amt_wapen} per stuk
A en een helm
B? geen helm, wel bivakmutsen en handschoenen
A heb je ook portofoons?
B ja, versleutelde
A {ok} voor {dag}, we bereiden de klus in {stad} voor
B welke klus
A niet hier, leg ik je live uit
B? neem ook de lange wapens mee uit de box
"
        ),
    },
    Scenario {
        id: "wpn-nl-demper",
        category: Weapons,
        script: concat!(
            common!(),
            r"
@demper = een demper|een geluiddemper|een knaldemper|een silencer|een moderator
A heb je {demper} die op een Glock past?
B ik heb er een met schroefdraad, dan heb je een loop met draad nodig
A kan ik de loop wisselen?
B ja, alles bij elkaar {amt_wapen}
A is hij echt stil?
B? klinkt als een deur die dichtslaat, niet zoals in films
A is voor een stille klus in een flat
B neem dan ook subsonische munitie
A ik kom {dag} {overdracht}
B neem het cash mee, niet te laat
"
        ),
    },
    Scenario {
        id: "wpn-nl-skorpion",
        category: Weapons,
        script: concat!(
            common!(),
            r"
@mp = een skorpion|een uzi|een machinepistool|een MP5|een scorpion|een mini uzi
A ik heb {mp} kunnen regelen via Antwerpen
B automatisch?
A volautomaat, 20 schoten in een seconde
B hoeveel
A {amt_wapen}, met 2 magazijnen en 200 patronen
B wie verkoopt
A een Belg, levert in {stad}
B? is hij getest?
A? ja in het bos bij {stad}, werkt perfect
B ik wil hem zien voordat ik betaal
A foto komt zo. betalen in USDT mag ook, adres {tron}
B {ok} ik kijk
"
        ),
    },
    Scenario {
        id: "wpn-nl-wapenopslag",
        category: Weapons,
        script: concat!(
            common!(),
            r"
@spullen = de spullen|het speelgoed|het gereedschap|de ijzers|de tassen|het materiaal
A we moeten {spullen} weghalen bij {naam}, {politie} rijdt rondjes in de wijk
B waar brengen we het heen
A naar het huis van de oppas in blok C, die heeft een berging
B wat ligt er allemaal
A 2 AK's, 3 pistolen, een shotgun en de patronen
B let op, ze heeft kinderen, hoog opbergen
A ze krijgt {amt_klein} per week
B? weet ze wat er in de tassen zit?
A? ze stelt geen vragen
B schrijf op wie wat meeneemt
A? sleutel van de berging hou ik bij me
B stuur de locatie {gps}
"
        ),
    },
    // ------------------------------------------------------------------ drugs
    Scenario {
        id: "drg-nl-uithalers-maasvlakte",
        category: Drugs,
        script: concat!(
            common!(),
            r"
@uithalers = de uithalers|de jongens van de haven|de uithaal ploeg|de uithalers crew
@wit = wit|sneeuw|coke|blokken|poeder|de stenen|het spul
A de container komt {dag} binnen op de Maasvlakte, {container}
B welke terminal
A ECT, de jongens hebben de pincode van de truck
B hoeveel zit erin
A {num2} sporttassen, {num}00 kilo {wit}
B {uithalers} willen hoeveel
A {amt_lot} voor het uithalen, helft vooraf
B? en de scan?
A? container is niet gescand, onze man bij de douane heeft gekeken
B ze gaan erin met een vrachtwagen en leggen de tassen in een andere container
A ja, daarna naar een loods in {stad}
B stuur de plek {gps_maasvlakte}
A {ok} telefoons uit vanaf nu
"
        ),
    },
    Scenario {
        id: "drg-nl-rip-antwerpen",
        category: Drugs,
        script: concat!(
            common!(),
            r"
@tassen = de tassen|de sporttassen|de pakketten|de bagage|de koffers
@seal = de verzegeling|het zegel|de seal|de bolt seal
A de rip-on in Antwerpen is voor {dag}
B welke container
A {container}, Deurganckdok
B hoe halen ze {tassen} eruit
A met een schoonmaakbedrijf, ze hebben de pasjes
B en {seal}?
A we hebben een kopie van {seal}, niemand merkt iets
B rip-off gebeurt in de nacht?
A ja tussen 2 en 4, als de ploegwissel is
B {num2} tassen van 25 kilo, 2 auto's nodig
A de opslag is een hangar bij {stad}
B stuur het punt {gps_haven_antwerpen}
A prijs per kilo daar {amt_kilo}
"
        ),
    },
    Scenario {
        id: "drg-nl-lab-bmk",
        category: Drugs,
        script: concat!(
            common!(),
            r"
@bmk = BMK|PMK|grondstoffen|chemicaliën|APAA|precursoren|PMK glycidaat
@lab = het lab|de keuken|de kookplaats|het kookhuis|de schuur
A de levering {bmk} komt {dag} binnen uit China, via de haven
B hoeveel vaten
A {num2} vaten van 200 liter
B {lab} is klaar?
A in een schuur bij {stad}, afzuiging is geregeld
B wie kookt
A twee Mexicanen, ze doen {num} batches per week
B het afval?
A dumpen we in een bos in Brabant, 's nachts
B? niet in het water, dat valt op
A {ok}. de pillen gaan naar Antwerpen en Engeland
B hoeveel vragen we voor de speed
A per kilo {amt_wapen} onderaan, in Engeland het dubbele
"
        ),
    },
    Scenario {
        id: "drg-nl-wietkwekerij",
        category: Drugs,
        script: concat!(
            common!(),
            r"
@wiet = wiet|gras|groen|skunk|haze|zaza|toppen
A de kwekerij in de zolder in {stad} is klaar om te knippen
B hoeveel planten
A {num}00, {wiet} van goeie kwaliteit
B de stroom?
A afgetapt voor de meter, niemand ziet het
B wanneer oogsten
A {dag}, de knippers komen om {time}
B? en de geur? de buren klagen al
A? koolstoffilters erop gezet
B hoeveel kilo
A {num2} kilo droog, {amt_klein} per ons in de coffeeshop
B en de hasj
A 5 kilo hasj komt uit Marokko via Spanje
"
        ),
    },
    Scenario {
        id: "drg-nl-blokken-prijs",
        category: Drugs,
        script: concat!(
            common!(),
            r"
@coke = wit|sneeuw|coke|c|snuif|blokken|poeder
@eenheid = blokken|stenen|kilo|pakketten|stuks
@stempel = Dolfijn|Bugatti|Rolex|Superman|de kroon|Lamborghini|de schorpioen
A {bro} heb je {coke}?
B hoeveel
A {num} {eenheid} voor {dag}
B {amt_kilo} per stuk, 88% puur
A duur, in {stad} goedkoper
B ga dan naar {stad}
A ok ok ik neem, maar eerst testen
B je komt met het geld geteld, vacuüm in bundels
A? wat is de stempel?
B? {stempel}, direct uit Ecuador
A waar
B {gps}
"
        ),
    },
    Scenario {
        id: "drg-nl-verstopplek",
        category: Drugs,
        script: concat!(
            common!(),
            r"
@verstopplek = verstopplek|verborgen ruimte|hidden compartment|de bak|het luikje|de val
A de {auto} met de {verstopplek} is klaar
B waar zit het
A achter het dashboard, gaat open met de raamknop en de rem tegelijk
B hoeveel past erin
A {num} kilo of {amt_lot} cash
B de koerier rijdt {dag} naar {stad}
A hij moet onder de snelheid blijven, geen gedoe
B? als {politie} hem stopt?
A? hij weet niks, hij rijdt alleen
B loon voor hem
A {amt_wapen} per rit
B {ok}
"
        ),
    },
    Scenario {
        id: "drg-nl-dealerslijn",
        category: Drugs,
        script: concat!(
            common!(),
            r"
@spul = bolletjes|balletjes|wit|coke|pakjes|snuif
@lijn = de lijn|de 06|de telefoon|het nummer|de dealerslijn
A {lijn} heeft vandaag {num2} bestellingen gedaan
B de runners zijn waar
A eentje in {stad} centrum, eentje bij het station
B ze hebben genoeg {spul}?
A nog 40, ik moet vanavond bijvullen
B stuur een bericht naar de klanten: nieuwe lijn, {tel}
A? oude telefoon dump ik in de gracht
B de opbrengst
A {amt_wapen} vandaag, zit in de auto
B? niet in de auto laten, naar de stash
A {ok}
"
        ),
    },
    Scenario {
        id: "drg-nl-crystal-mexicanen",
        category: Drugs,
        script: concat!(
            common!(),
            r"
@meth = crystal|crystal meth|ice|kristal|meth
A de Mexicanen willen {dag} beginnen met {meth} koken
B waar
A in een boerderij bij {stad}, de boer krijgt {amt_wapen} per maand
B hebben we genoeg grondstof
A {num2} vaten, de rest komt via de haven van Rotterdam
B? en de stank?
A? ligt ver van alles af
B hoeveel per week
A {num}0 kilo als het goed gaat
B Australië betaalt het meest
A ja, verschepen in machines, verstopt in de onderdelen
B {ok}
"
        ),
    },
    Scenario {
        id: "drg-nl-geld-koerier",
        category: Drugs,
        script: concat!(
            common!(),
            r"
@cash = het cash|de poen|het geld|de centen|de knaken|de doekoe
A {cash} van de verkoop moet naar Dubai
B hoeveel
A {amt_lot}
B via de ondergrondse bank?
A ja, de Pakistaanse jongen in {stad}, hij rekent 3%
B de code voor het ophalen?
A een foto van een vijfje met het serienummer erop
B ok, de koerier is om {time} bij de {winkel}, zijn nummer {tel_be}
A? en het deel dat naar de rekening gaat?
A? via de katvanger {iban}
B geen banken, alles contant of crypto, adres {tron}
A {ok}
"
        ),
    },
    Scenario {
        id: "kid-nl-woningoverval-kluis",
        category: Kidnapping,
        script: concat!(
            common!(),
            r"
@doel = die juwelier|die groothandelaar|die garagehouder|die vastgoedman|die oude man met de kluis
@vastbinden = we binden ze vast|tie-raps om bij iedereen|iedereen vastgetapet|handboeien om bij allemaal
A {doel} in {stad} bewaart alles thuis in een kluis
B hoeveel
A volgens de schoonmaakster minstens {amt_losgeld} cash en goud
B hoe komen we binnen
A we bellen aan als PostNL bezorger om {time}, hij doet altijd open
B en de familie
A {vastbinden} in de woonkamer, behalve hem
B hij gaat de code niet zomaar geven
A we zetten zijn zoon een zak over zijn hoofd, dan geeft hij hem wel
B? en het alarm
A? niet doorgeschakeld, heeft de schoonmaakster gecheckt
B {bus} en handschoenen, geen eigen telefoons
A verzamelen {overdracht} de avond ervoor
"
        ),
    },
    Scenario {
        id: "kid-nl-kind-concurrent",
        category: Kidnapping,
        script: concat!(
            common!(),
            r"
@kind = zijn zoon|zijn zoontje|de kleine|zijn jongste|zijn dochter
A die gast uit {stad} heeft ons genaaid met de laatste levering
B wat zegt hij
A hij neemt niet meer op, nieuwe telefoon
B dan pakken we {kind}, die komt elke woensdag om {time} van voetbal
A parkeerplaats bij het veld is dan leeg
B in {bus} en een foto naar de vader
A wat vragen we
B {amt_losgeld} in USDT op {tron}, plus de spullen die hij ons schuldig is
A? en als hij {politie} belt
B? kan hij niet, hij zit zelf in de handel
A we houden hem {verstop}, maximaal 3 dagen
B {ok} en niemand raakt het kind aan zolang hij betaalt
"
        ),
    },
    Scenario {
        id: "wpn-nl-darkweb-onderdelen",
        category: Weapons,
        script: concat!(
            common!(),
            r"
@site = het darkweb|een markt op Tor|een verkoper op Telegram|een onion shop
A ik heb een verkoper op {site}, hij stuurt Glock onderdelen in losse pakketjes
B hoe komt het binnen
A slede, loop en frame in drie pakketten, aangegeven als fietsonderdelen
B betalen hoe
A in bitcoin, {amt_crypto} voor alles, adres {btc}
B en wie zet het in elkaar
A {naam}, die heeft al eens een AR gebouwd
B? en als de douane een pakket opent
A? laten we bezorgen bij de tante van {naam#2}, die weet van niks
B {ok} bestel 2 sets
"
        ),
    },
    Scenario {
        id: "wpn-nl-huurwapen",
        category: Weapons,
        script: concat!(
            common!(),
            r"
@ijzer = een ijzer|een wapen|een blaffer|een ding|een paf|een 9mm
A we moeten {ijzer} huren voor het weekend
B waarvoor
A iets regelen in {stad}, meer zeg ik niet
B de ouwe verhuurt voor {amt_klein} per dag, als er geschoten wordt is het {amt_wapen}
A prima, met kogels
B je brengt hem schoon terug, afgeveegd, in dezelfde tas
A? is die al eens gebruikt?
B? een keer, maar er leidt niks terug
A ophalen {overdracht} {dag} om {time}
B {ok}, en tas kwijt is volle prijs betalen
"
        ),
    },
    Scenario {
        id: "drg-nl-witwassen-bv",
        category: Drugs,
        script: concat!(
            common!(),
            r"
@cash = cash|contanten|briefjes|poen|de tassen met geld
A ik moet {amt_lot} aan {cash} wit krijgen
B via de shisha lounge van {naam}, die schrijft nep omzet
A te langzaam
B dan de wisselaar, je krijgt USDT terug voor 3%, op {tron}
A en de rest
B via de bv van de aannemer, overmaken naar {iban_nl}, valse facturen
A? is die boekhouder te vertrouwen?
B? hij krijgt zijn deel, houdt zijn mond
A {dag} dan
B breng de tassen eerst naar de oppas, twee keer tellen
"
        ),
    },
    Scenario {
        id: "drg-nl-extractielab",
        category: Drugs,
        script: concat!(
            common!(),
            r"
@drager = kleding|plastic korrels|houtskool|kunstmest|matrassen|wijnflessen
A de lading {drager} met coke erin komt {dag} binnen via Vlissingen
B hoeveel zit erin
A {num}0 kilo als we het eruit wassen
B het extractielab staat klaar?
A in een loods bij {stad}, met de Colombianen die het koken
B? de stank van de oplosmiddelen valt op
A? we draaien alleen 's nachts met de ventilatie
B het afval
A vaten in een bestelbus, dumpen in het bos
B {ok} en de blokken daarna naar de opslag
"
        ),
    },
];
