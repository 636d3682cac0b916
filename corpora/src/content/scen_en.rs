//! Planted threat scenarios in British English (London, Liverpool, Manchester, Midlands
//! road slang), in the register of intercepted encrypted-phone chats. Syntax: see `scen_fr.rs`.

use super::Category::{Drugs, Kidnapping, Weapons};
use super::Scenario;

macro_rules! common {
    () => {
        r"
@bro = bro|bruv|fam|g|my guy|lad|mate|brother|bredrin|akhi|cuz
@ok = ok|safe|sound|say less|bet|calm|got you|sorted|done|cool|yeah that works
@van = a van|a Transit|a Sprinter|a Vivaro|a Trafic|a Luton van|a panel van|a Berlingo
@motor = Golf|Audi|A3|Merc|BMW|Corsa|Focus|Astra|Range|Prius
@feds = the feds|the police|the old bill|the boydem|the jakes|the bizzies|the filth|the dibble|the 12|CID
@stash = in the lock-up in {city}|in a storage unit in {city}|in the cellar at {name#3}'s|in a static caravan near {city}|in an empty house in {city}|in the container on the industrial estate|in the garage behind the flats
@name = Jay|Kyle|Tyrone|Liam|Connor|Dwayne|Marcus|Reece|Kwame|Jordan|Callum|Jamal|Mo|Ryan|Danny|Tommy|Lewis|Kieran|Darnell|Femi|Tunde|Aaron|Josh|Deji|Kofi|Paddy|Gaz|Shaun|Wayne|Dean|Lee|Jermaine|Rico|Kai|Little T|Big Mike|Scouse Dave
@handover = in the {shop} car park|behind {city} station|at the McDonald's drive-thru|at the services on the M6|in the multi-storey|by the lock-up|at the hand car wash
"
    };
}

pub(crate) static SCENARIOS: &[Scenario] = &[
    // ------------------------------------------------------------------ kidnapping
    Scenario {
        id: "kid-en-tiger-ledger",
        category: Kidnapping,
        script: concat!(
            common!(),
            r"
@target = the crypto kid|the trader|the geezer with the lambo|the bitcoin boy|the influencer|the NFT guy
@family = his wife|his girl|his mum|his little boy|his daughter|his sister
@ledger = his ledger|his Ledger|his trezor|his hardware wallet|his cold wallet|the usb with the coins
@words = the 24 words|the seed|his recovery phrase|the seed phrase|the 12 words|the backup words
A {bro} {target} from {city} has got at least {amt_crypto} on {ledger}
B how do you know
A he shows it all on insta, watches, whips, posts his gains every day
B what's the plan then
A we take {family}, he gives us {words} or he never sees her again
A? she drops the kid at school every morning about {time}, on her own
B need {van} with ringed plates
A got one at {name}'s lock-up, cloned plates {plate}
B where do we keep her
A {stash}
B and if he calls {feds}
A we tell him straight: one call and a finger comes off
B? that's heavy bro
A once it lands we check the blockchain and drop her at the roundabout
B what address
A this one {btc}, then through a mixer
B {ok}, {day} then
"
        ),
    },
    Scenario {
        id: "kid-en-van-snatch",
        category: Kidnapping,
        script: concat!(
            common!(),
            r"
@target = the jeweller|the wholesaler's son|the lad from the chicken shop|{name#3}'s nephew|the accountant|the car dealer
@ties = cable ties|zip ties|gaffer tape|duct tape|cuffs|ratchet straps
@grab = we snatch him|we bag him|we lift him|we throw him in the back
A {target} comes home every day about {time} down {road}
B on his own?
A on his own, parks outside his house, black {motor}
B {grab} when he gets out the car
A we pull up in {van}, two jump out, he's in the back in 10 seconds
B bring {ties}, {~ties} and a balaclava
A? gloves on, no personal phones
B where we taking him
A {stash}
B then we ring the family for the ransom
A we ask {amt_ransom}, cash or crypto
B {name} driving?
A yeah he's the wheelman, knows all the back roads
B? cameras on the road?
A? one on the corner shop, we come in from the back
B {ok}, recce tomorrow
"
        ),
    },
    Scenario {
        id: "kid-en-ransom-video",
        category: Kidnapping,
        script: concat!(
            common!(),
            r"
@wallet = {btc_q}|{btc_p}|{eth}|{btc_1}|{btc_3}
@proof = proof of life|proof he's breathing|a video of him|a pic with today's paper
A family got back, they're saying they ain't got {amt_ransom}
B tell them we don't go down, or they get him back in pieces
A they want {proof}
B I'll do a video with today's paper, he says his name and the date
A? put him in front of the sheet so you can't see the wall
B send them the address for the ransom: {wallet}
A the old dears don't know how to buy crypto
B tell them to go to a bitcoin ATM or a currency exchange, they'll figure it out
A what if they wanna pay in USDT?
B then to this one {tron}, TRC20, nothing else
A how long do they get
B 48 hours, then we post a finger
A I'll message them off the burner, the dad's number is {tel}
B new sim after every message
A? he's not eating, keeps crying
B? don't care, he just needs to stay alive till it lands
"
        ),
    },
    Scenario {
        id: "kid-en-finger",
        category: Kidnapping,
        script: concat!(
            common!(),
            r"
@tool = pliers|secateurs|bolt cutters|a stanley knife|tin snips
@account = {iban_gb}|{iban_nl}
A he still won't ring his brother
B he thinks we're joking
A I'm getting the {tool}, taking his little finger off and sending a pic to the brother
B wait, film him begging first then send it
A brother says he's only got half the {amt_ransom}
B tell him next time it's an ear
A? {bro} you sure? it's gonna bleed like mad
B? tourniquet and tape, he can't die on us
A done, pic sent
B what's he saying
A says he'll pay {day}, bank transfer to the mule's account {account}
B no transfers, too traceable. cash or crypto
A cash then, drop {handover}
B he goes when it's counted
"
        ),
    },
    Scenario {
        id: "kid-en-recce-tracker",
        category: Kidnapping,
        script: concat!(
            common!(),
            r"
@tracker = a tracker|a GPS tracker|an airtag|a tag|a bug
@code = his Binance codes|the code for his ledger|the safe code|where he keeps the cash|his wallet codes
A put {tracker} under his {motor} last night
B how's he moving
A same every day: gym at {time}, then his mum's in {city}
A? tuesdays he collects the rent in cash off his tenants
B is he strapped?
A nah but he's got a dog at home, a malinois
B then we take him in the gym car park
A badly lit there, no camera on the fire exit side
B send the exact spot
A {gps}
B then what
A back to the unit and he gives us {code}
B I'll watch him another 2-3 days, write it all down
A write down his girl's reg as well {plate}
B? I'm sitting outside his yard tonight
"
        ),
    },
    Scenario {
        id: "kid-en-debt-lockup",
        category: Kidnapping,
        script: concat!(
            common!(),
            r"
@food = food|work|packs|bits|keys|the pack
A the youngen in {city} lost {num} {food}, says {feds} took the lot
B my arse, he's sold it behind our back
A he owes us {amt_load}
B we're picking him up tonight, in the boot
A? what about his older brother?
B? he's in jail, can't do nothing
A I know where he's at, staying at his girl's on {road} in {city}
B take {name} and {name#2} and {van}
A tie him up and ring his mum
B she pays in USDT, she can ask her cousin. address {tron}
A she ain't got the money
B she can sell her gold, not our problem
A? and if she goes to {feds}
B? she'll find him in a ditch, she knows
"
        ),
    },
    Scenario {
        id: "kid-en-fake-police",
        category: Kidnapping,
        script: concat!(
            common!(),
            r"
@vests = police vests|hi-vis with POLICE on|met jackets|police lanyards and vests|tactical vests
@wallet = {eth}|{btc_q}|{tron}|{btc_p}
@exchange = Binance|Coinbase|Kraken|his Ledger|his Exodus
A we go in as police, {vests} and a blue light on the dash
B what time
A 6am, like a proper raid
B how much has he got
A {name} says {amt_crypto} and cash in a safe
B cuff him and take his missus too so he talks
A he opens {exchange} and sends the lot to {wallet}
B and the safe code he gives us or we take the kids
A? leave the kids, too much noise
B? ok just him and the wife
A got the cuffs online, real ones
B need an unmarked car, grey {motor}
A meet at {time} {handover}
"
        ),
    },
    Scenario {
        id: "kid-en-otc-setup",
        category: Kidnapping,
        script: concat!(
            common!(),
            r"
@seller = the OTC guy|the lad selling USDT|the crypto exchanger|the Telegram crypto guy
A {seller} moves with the cash himself, his number {tel}
B where's the meet
A he wants somewhere public, I said a coffee shop in {city}
B we let him pull up and grab him in the car park before
A he's bringing {amt_ransom} in cash for the swap
B then we hold him and empty his wallet
A he carries a Ledger every time, need the PIN
B one night in the unit and he'll give it all up
A? keep his phone so his family think he's travelling
B here's the unit {gps}
A forwarding it to {name}
B and bin this phone after, it's burnt
"
        ),
    },
    Scenario {
        id: "kid-en-brother-dubai",
        category: Kidnapping,
        script: concat!(
            common!(),
            r"
@bro2 = his brother in Dubai|his big brother in Marbella|his uncle in Spain|his cousin in Dubai
A we've got him, he's in the unit
B who pays
A {bro2}, he runs the whole line, he's got money
B how much we asking
A {amt_ransom}, no less
B he'll wanna talk to him first
A voicenote only, we hold the phone
B crypto or cash?
A crypto, {wallet}
@wallet = {btc}|{eth}|{tron}
B? what if he sends people over here
A? then his little brother don't come home
B give him till {day}
A {ok}, I'll send the voicenote now
"
        ),
    },
    // ------------------------------------------------------------------ weapons
    Scenario {
        id: "wpn-en-strap-nine",
        category: Weapons,
        script: concat!(
            common!(),
            r"
@strap = a strap|a ting|a nine|a glock|a burner|a mash|a skeng|a bucky|a piece|a 9mm|a shotter
@food = food|rounds|bullets|shells|bits for the ting
@rounds = rounds|bullets|nines|shells|9mm
A need {strap} asap
B what for
A got violated in {city}, it needs sorting
B got {~strap} with {food}, {amt_weapon}
A has it been used?
B? it's dirty, got bodies on it, you bin it after
A nah I want a clean one
B then a new glock, numbers filed, {amt_weapon#2}
A ok and a box of {rounds}
B {day} at {time} {handover}, come alone
A sending {name}, he's got no record
B tell him don't roll up in a flash car
"
        ),
    },
    Scenario {
        id: "wpn-en-ak-chopper",
        category: Weapons,
        script: concat!(
            common!(),
            r"
@ak = an AK|a chopper|a kalash|a Kalashnikov|an AK47|a stick|a big ting|a long ting
@mags = {num} mags|spare mags|2 banana mags|3 clips
A {bro} you still got the link for {ak}?
B yeah the guy in {city}, he's got {num} coming from the Balkans
A price
B {amt_weapon} each, with {mags}
A is it clean?
B never fired, fresh out the crate, still in the grease
A I'll take 2, and rounds, 7.62
B {num} boxes is {amt_weapon#2}
A drop off?
B he'll leave it in a gym bag {handover}
A? and not on the phone yeah, only on here
B {ok}, cash on the day, no tick
"
        ),
    },
    Scenario {
        id: "wpn-en-rounds",
        category: Weapons,
        script: concat!(
            common!(),
            r"
@rounds = rounds|ammo|bullets|shells|food for the ting
A looking for {rounds}, 7.62x39 and 9mm
B how many boxes
A {num} of each
B 7.62 is rare right now, {amt_small} a box
A ok and the 9?
B? 9mm plenty, {amt_small#2} for 50
A throw in mags for the AK
B whole lot for {amt_weapon}
A? where's it from
B a dealer in Belgium who don't ask questions
A deliver to {city}
B {ok} {day}
"
        ),
    },
    Scenario {
        id: "wpn-en-pineapples",
        category: Weapons,
        script: concat!(
            common!(),
            r"
@nade = grenades|pineapples|frags|hand grenades|M75s
A the Albanian's got {nade} and some explosives
B what for
A the door of the guy who mugged us off, blow his shop up
B that's loud, {feds} will be all over it
A that's the point, so he gets the message
B price each
A {amt_small} a piece, he's got {num}
B take 3, check they ain't duds
A? for the explosives you need a detonator
B? leave it, grenades are enough
A coming by road, hidden in a car from {city}
B payment
A cash on delivery, {amt_weapon} for the lot
"
        ),
    },
    Scenario {
        id: "wpn-en-converted-blank",
        category: Weapons,
        script: concat!(
            common!(),
            r"
@blank = converted blank firers|converted Baikals|converted Zorakis|reactivated pistols|converted starter pistols
A the guy's selling {blank}
B do they actually fire?
A yeah converted in Slovakia, proper 9mm
B how much
A {amt_weapon}, cheaper than a glock
B? don't they jam?
A? sometimes but it does the job
B get me two
A he posts them, hidden in a stripped speaker
B how we paying
A he wants USDT to {tron}
B {ok} I'll pay when you've got the tracking
"
        ),
    },
    Scenario {
        id: "wpn-en-vest",
        category: Weapons,
        script: concat!(
            common!(),
            r"
@vest = a vest|a bulletproof vest|body armour|a stab vest|a plate carrier|a ballistic vest
A need {vest} for me and {name}
B level 3 or level 4?
A the best, with ceramic plates
B got police ones, {amt_weapon} each
A and a helmet
B? no helmets, but balaclavas and gloves
A you got radios too?
B yeah encrypted ones
A {ok} for {day}, we're prepping the job in {city}
B what job
A not on here, tell you in person
B? bring the long ones from the lock-up too
"
        ),
    },
    Scenario {
        id: "wpn-en-silencer",
        category: Weapons,
        script: concat!(
            common!(),
            r"
@can = a silencer|a suppressor|a can|a moderator|a silencer for the nine
A got {can} that fits a glock?
B got a threaded one, you need a threaded barrel
A can I swap the barrel?
B yeah, all in {amt_weapon}
A is it actually quiet?
B? sounds like a door slamming, not like the films
A it's for a quiet job in a block of flats
B then get subsonic rounds as well
A I'll come {day} {handover}
B bring the cash, don't be late
"
        ),
    },
    Scenario {
        id: "wpn-en-sawn-off",
        category: Weapons,
        script: concat!(
            common!(),
            r"
@shotty = a shotty|a sawn-off|a pump action|a sawn off shotgun|a 12 gauge|a shotgun
A you got {shotty} going?
B yeah a pump, stock cut down
A how much
B {amt_weapon} with buckshot cartridges
A it's for the opps, they keep coming on our block
B don't miss then
A? you got anything else?
B got a .38 revolver and all, a spinner
A send pic
B look, mint, never fired
A I'll take {shotty}, see you {day}
B bring the cash in 20s
"
        ),
    },
    Scenario {
        id: "wpn-en-hide",
        category: Weapons,
        script: concat!(
            common!(),
            r"
@kit = the kit|the tools|the toys|the hardware|the bags|the straps
A need to move {kit} from {name}'s, {feds} are circling the estate
B where to
A the babysitter in block C, she's got a cupboard in the bin store
B what's there
A 2 AKs, 3 handguns, a shotty and the rounds
B careful she's got kids, keep it up high
A she gets {amt_small} a week
B? she know what's in the bags?
A? she don't ask
B write down who takes what
B send me the spot {gps}
"
        ),
    },
    // ------------------------------------------------------------------ drugs
    Scenario {
        id: "drg-en-county-line",
        category: Drugs,
        script: concat!(
            common!(),
            r"
@line = the line|the Dave line|the Sasha line|the Tommy line|the number
@food = food|white|dark|shots|b and c|nuff bits|work
@trap = the trap|the trap house|the bando|the cuckoo|the spot
A {line} did {num2} orders today in {city}
B the runners where
A one in {trap}, one at the station
B they got enough {food}?
A 40 shots left, need to reload tonight
B send a text to the customers: new number, {tel}
A? old phone's going in the canal
B the takings
A {amt_weapon} today, it's in the car
B? don't leave it in the car, take it to {trap}
A the youngers want more money
B tell them {amt_small} a day or they can go home
A {ok}
"
        ),
    },
    Scenario {
        id: "drg-en-keys-bricks",
        category: Drugs,
        script: concat!(
            common!(),
            r"
@coke = white|charlie|blow|snow|work|nose|keys|bricks
@unit = keys|bricks|bars|kilos|ones
@stamp = Dolphin|Bugatti|Rolex|Superman|the crown|Lambo|scorpion
A {bro} you got {coke}?
B how many
A {num} {unit} for {day}
B {amt_kilo} each, 88 pure
A dear, {city} is cheaper
B then go {city}
A ok ok I'll take it, but I test it first
B come with the money counted, vacuum packed
A? what's the stamp?
B? {stamp}, straight from Ecuador
A where
B {gps}
"
        ),
    },
    Scenario {
        id: "drg-en-container-felixstowe",
        category: Drugs,
        script: concat!(
            common!(),
            r"
@cover = bananas from Ecuador|pineapples from Costa Rica|coffee from Brazil|frozen prawns|scrap metal
@coke = the work|the coke|the charlie|the product|the gear|the white
A the box lands in Felixstowe {day}, {container}
B what's the cover
A {cover}
B who takes the bags out
A our dockers, they've got the seal number
B how much for them
A {amt_load} to lift it out
B? and the scanner?
A? box ain't flagged, our man at Border Force checked
B then where
A a unit near Ipswich, then up to {city}
B how pure is {coke}
A 90, it's stamped
B price per key
A {amt_kilo} at the port
"
        ),
    },
    Scenario {
        id: "drg-en-plug-zaza",
        category: Drugs,
        script: concat!(
            common!(),
            r"
@weed = zaza|za|loud|cali|kush|pack|gas|haze|grade|tree
A {bro} the plug's got {weed} from Cali, proper gas
B how much for a box
A {amt_weapon} a box, or {amt_small} a Q
B pics?
A on the snap menu, ask for the new account
B how many boxes
A {num}, landing {day}
B? is it real cali or UK grown
A? real, mylar bags with the tins
B drop {handover}
A {ok}, {time}
"
        ),
    },
    Scenario {
        id: "drg-en-pills-ket",
        category: Drugs,
        script: concat!(
            common!(),
            r"
@pills = pills|mandy|MD|ket|molly|beans|tesla pills|crystal
A need {pills} for the festival
B how many
A {num}00 pills, 200g mandy and 100g ket
B got them from Holland, blue teslas 240mg
A? too strong, people gonna drop
B? that's what they want
A price?
B {amt_weapon} the lot
A delivery to {city}?
B my guy comes through Dover {day}
A {ok}
"
        ),
    },
    Scenario {
        id: "drg-en-stash-house",
        category: Drugs,
        script: concat!(
            common!(),
            r"
@stash = the stash|the safe house|the slaughter|the stash flat|the spot
A {stash} can take how many kilos
B 30 max, the old girl's nervous
A she gets {amt_small} a week, that's good money
B she's already got {num2} kilos of bud and 4 of white
A? don't put it all in one place
B we'll open another one in the next block
A what time do the youngers collect
B every day at {time}, never the same route
A and the p?
B stays with her till friday collection
"
        ),
    },
    Scenario {
        id: "drg-en-cut-press",
        category: Drugs,
        script: concat!(
            common!(),
            r"
@cut = benzo|benzocaine|lido|the cut|mannitol|bash
A the press is set up at {name}'s
B how much {cut} you putting in
A one to one, make 2 out of 1
B the customers will moan
A they always moan, they still buy
B the stamps?
A I've got the dolphin stamp, looks like it came straight off the boat
B? the press makes noise
A? garage is soundproofed
B {num} kilos done by {day}
A {ok}
"
        ),
    },
    Scenario {
        id: "drg-en-rib-drop",
        category: Drugs,
        script: concat!(
            common!(),
            r"
@boat = the rib|the speedboat|the boat|the fast boat|the go-fast
A {boat} picks up off the coast {day} night
B how many bales
A {num2} bales, all resin and some white
B the landing spot
A a beach near {city}, here {gps}
B the van waiting?
A {van} with two lads, lights off
B? coastguard?
A? we watch the radar app, if they move we abort
B pay for the skipper
A {amt_mid} for the run
"
        ),
    },
    Scenario {
        id: "drg-en-lab-precursors",
        category: Drugs,
        script: concat!(
            common!(),
            r"
@bmk = BMK|PMK|precursors|chems|APAA|glycidate
A the {bmk} order lands {day} from China through Rotterdam
B how many drums
A {num2} drums of 200 litres
B lab ready?
A in a farm shed near {city}, extraction sorted
B who's cooking
A two Dutch guys, {num} batches a week
B the waste?
A dumped in the woods at night
B? not in the river, it shows
A the speed goes out per key {amt_weapon}
B {ok}
"
        ),
    },
    Scenario {
        id: "kid-en-home-invasion-safe",
        category: Kidnapping,
        script: concat!(
            common!(),
            r"
@target = the jeweller|the wholesaler|the garage owner|the property guy|the old boy with the safe
@tie = we tie them up|zip ties on everyone|tape them all up|cuff the lot of them
A {target} in {city} keeps everything at home in a safe
B how much
A the cleaner reckons at least {amt_ransom} in cash and gold
B how do we get in
A knock as a DPD driver at {time}, he always opens up
B and the family
A {tie} in the living room, except him
B he won't just give the code
A we put a bag over his son's head in front of him, he'll give it up
B? and the alarm
A? not linked to anything, the cleaner checked
B {van} and gloves, no personal phones
A meet {handover} the night before
"
        ),
    },
    Scenario {
        id: "kid-en-rival-kid",
        category: Kidnapping,
        script: concat!(
            common!(),
            r"
@kid = his son|his boy|the little one|his youngest|his daughter
A the guy in {city} mugged us off on the last drop
B what's he saying
A nothing, he's changed his number
B then we take {kid}, he finishes football every wednesday at {time}
A the car park by the pitch is empty then
B in {van} and a pic to the dad
A what we asking
B {amt_ransom} in USDT to {tron}, plus the work he owes us
A? and if he calls {feds}
B? he can't, he's in the game himself
A we keep him {stash}, 3 days max
B {ok} and nobody touches the kid while he pays
"
        ),
    },
    Scenario {
        id: "wpn-en-darkweb-parts",
        category: Weapons,
        script: concat!(
            common!(),
            r"
@site = the dark web|a market on Tor|a guy on Telegram|an onion shop
A found a vendor on {site}, sends glock parts in separate parcels
B how's it coming
A slide, barrel and frame in three parcels, declared as bike parts
B paying how
A bitcoin, {amt_crypto} for the lot, address {btc}
B who's building it
A {name}, he's built an AR before
B? what if customs open one
A? send it to {name#2}'s auntie, she knows nothing
B {ok} order 2 kits
"
        ),
    },
    Scenario {
        id: "wpn-en-rent-a-ting",
        category: Weapons,
        script: concat!(
            common!(),
            r"
@ting = a ting|a strap|a piece|a tool|a nine|a burner
A need to rent {ting} for the weekend
B for what
A something to sort in {city}, that's all I'm saying
B the old man rents at {amt_small} a day, if it gets used it's {amt_weapon}
A fine, with food
B bring it back clean, wiped, same bag
A? has it been used before?
B? once, but nothing comes back to it
A pick up {handover} {day} at {time}
B {ok}, lose the bag and you pay full price
"
        ),
    },
    Scenario {
        id: "drg-en-washing-cash",
        category: Drugs,
        script: concat!(
            common!(),
            r"
@cash = cash|paper|p|the notes|bags of cash
A got {amt_load} in {cash} to clean
B through {name}'s barbers, he books fake cuts
A too slow
B then the exchanger, USDT back at 3%, to {tron}
A and the rest
B through the builder's company, transfer to {iban_gb}, fake invoices
A? is the accountant safe?
B? he gets his cut, he'll keep quiet
A {day} then
B take the bags to the stash first, count it twice
"
        ),
    },
    Scenario {
        id: "drg-en-crack-cook",
        category: Drugs,
        script: concat!(
            common!(),
            r"
@rock = rock|stones|the dark and white|b|the cook
A need to cook up 500g tonight, the line's dry
B {rock} is flying at the minute
A yeah, {amt_small} for ten shots
B you got the bicarb?
A yeah and the hob, it's at the trap
B? watch the smell, last time next door rang the council
A? windows open and the extractor on
B where are the youngers shotting
A by the station and the bando behind {road}
B {ok}
"
        ),
    },
];
