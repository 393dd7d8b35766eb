#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Composes training messages for the crisis check's classifier, reproducibly.

Hand-written messages (tests/data/crisis/) stay the core of the training; these add coverage.
For each language and each paraphrase category of reference/safety-plan.md §4 (direct,
passive wishes, burden, hopelessness about living, a plan with a time, preparations, means
at hand or a height, self-harm again, goodbyes) the pieces below enumerate the ways it is
said: verbs and nouns with their inflections, hedges, negations that carry the crisis,
euphemisms and slang, times, preparations, means. A message is a core phrase put together
from them, often inside an everyday sentence, with noise as people type at night (lower
case, no accents, no punctuation, a typo, a repeated letter). As many everyday messages are
composed from the *same* everyday sentences and the same slot words (tonight, the cat, the
will, pills, the roof, goodbye), from alarming idioms, stories, grief, cooking and hard days
that are not a crisis, so that the classifier learns the difference, not the context.

Deterministic: one seeded generator per language, pieces in the order written; the same
script always composes the same messages. Standard library only.

  build-aux/generate-crisis-messages.py [--language xx] [--count N]   print them as JSON Lines
"""

import argparse
import json
import random
import re
import sys
import unicodedata

SEED = 20261205
PER_LANGUAGE = 480          # crisis messages per language; as many everyday ones
LANGUAGES = ['en', 'de', 'es', 'fr', 'it', 'pt']

PIECES = {}

# Syntax of a piece: [a|b|] picks one (empty: nothing), {name} a piece of the same
# language's 'slots'. Crisis cores are what makes a message a crisis; everyday cores use
# the same slot words in harmless sentences.

PIECES['en'] = {
    'pre': [
        'ugh long day at work', 'so the bus was late again', 'mum called earlier', 'just got home',
        'cant sleep again', 'its 3am and', 'work was fine i guess', 'been scrolling for hours',
        'had pasta for dinner', 'my sister came over today', 'the rain hasnt stopped all week',
        'finished my shift', 'the kids are finally in bed', 'exams start monday', 'sat in the car for ages',
        'anyway', 'so yeah', 'ok so', 'not sure why im typing this but', 'random but', 'quick update',
        'went to the shop earlier', 'the dog needed a walk', 'my therapist is on holiday',
        'watched some telly', 'didnt go to uni today',
    ],
    'post': [
        'anyway', 'idk', 'lol', 'whatever', 'thats it', 'goodnight', 'just saying', 'ok', 'yeah',
        'not that it matters', 'how was your day', 'sorry for rambling', 'x', ':)', 'haha',
    ],
    'hedge': ['honestly', 'tbh', 'ngl', 'idk', 'kinda', 'i think', 'like', 'lowkey', 'i guess',
              'fr', 'genuinely', 'not gonna lie', 'to be honest', 'i mean', 'sometimes'],
    'slots': {
        'time': ['tonight', 'this weekend', 'on saturday', 'sunday', 'after the funeral',
                 'once the kids are asleep', 'when everyones at work', 'after my birthday',
                 'when my wife is at her mums', 'friday night', 'before christmas', 'tomorrow morning',
                 'when my parents go on holiday', 'end of the month', 'after payday', 'at 2am',
                 'when the house is empty', 'next week', 'after the exams'],
        'person': ['mum', 'my mum', 'my sister', 'my brother', 'dad', 'my best mate', 'my kids',
                   'my girlfriend', 'my husband', 'nan', 'my flatmate'],
        'pet': ['the cat', 'my cat', 'the dog', 'my dog', 'my rabbit', 'the hamster', 'my fish'],
        'pills': ['pills', 'tablets', 'meds', 'my sertraline', 'my antidepressants', 'sleeping pills',
                  'painkillers', 'paracetamol', 'my nans pills', 'insulin', 'my prescriptions',
                  'oxy', 'the codeine'],
        'height': ['the bridge', 'the roof', 'the car park roof', 'the cliff', 'the tracks',
                   'the railway line', 'the motorway bridge', 'the balcony', 'the window on the 9th floor',
                   'the top floor of the multistorey', 'the edge', 'the platform', 'the viaduct',
                   'the quarry', 'the pier'],
        'weapon': ['the rope', 'a rope', 'the knife', 'the razor', 'my dads gun', 'the gun', 'a belt',
                   'the blade', 'the charcoal', 'the car in the garage'],
        'die': ['die', 'be dead', 'not exist', 'stop existing', 'disappear forever', 'be gone',
                'not be here anymore', 'sleep forever', 'not wake up', 'end it', 'end it all',
                'end things', 'check out', 'unalive myself', 'kill myself', 'kms', 'off myself',
                'not be around', 'go to sleep and never wake up', 'just stop', 'be six feet under',
                'leave this world', 'fade away for good'],
        'want': ['want to', 'wanna', 'just want to', 'really want to', 'kinda want to', 'need to',
                 'keep thinking about how i could', 'feel like i should', 'am gonna', 'am going to',
                 'think im going to', 'wish i could', 'would rather'],
        'do': ['do it', 'end it', 'go through with it', 'finally do it', 'end everything',
               'be gone', 'make it stop', 'kill myself', 'do what i said i would', 'finish it',
               'check out', 'not be here'],
        'decided': ['i decided', 'ive decided', 'my minds made up', 'its decided', 'ok so i decided',
                    'i made up my mind', 'i know when now', 'ive picked the day', 'im sure now',
                    'no going back now', 'i chose the date'],
    },
    'crisis': {
        'direct': [
            '{hedge} i {want} {die}', 'i {want} {die}', 'gonna {die} {time}', 'i {want} {die} {time}',
            'im going to kill myself', 'i want to kill myself [so bad|rn|fr|]', 'kms [fr|tbh|rn|]',
            'i want to commit [suicide|sewer slide|suicde]', 'thinking about [suicide|sewer slide|unaliving myself|ending my life]',
            'i [keep|cant stop] thinking about killing myself', 'ive been feeling suicidal [again|all week|]',
            'i just want to end my life', 'im done, im ending it', 'might as well [die|end it|kms]',
            'i want to be dead', 'i wanna die [so bad|lol|fr|]', 'ready to end it all',
        ],
        'passive': [
            'i [hope|pray|wish] i dont wake up [tomorrow|tmrw|in the morning|]',
            'it would be [fine|a relief|ok|nice] if i [didnt wake up|just died|wasnt here anymore|got hit by a bus|didnt make it]',
            'i wish i [was|were] dead', 'i wish i [had never been born|didnt exist|could just disappear]',
            'i [dont want to|dont wanna|dont really want to] [be here|exist|live|wake up] anymore',
            'i just want to [sleep forever|not exist for a while, like forever|go to sleep and not come back|disappear]',
            'if [a bus hit me|i got hit by a car|i died in my sleep] id [be relieved|be ok with that|honestly not mind]',
            'i dont care if i [live or die|wake up|die]', 'i wouldnt mind [dying|not waking up|if it all stopped]',
            'i want everything to [go dark|stop|end] [for good|forever|]', 'i [wish|hope] i could just [fall asleep|go to sleep] and not wake up',
            'what if i just wasnt here anymore', 'no one would notice if i was gone',
            'honestly i dont see myself [still being here|being alive|around] [next year|by summer|much longer]',
        ],
        'burden': [
            'everyone would be better off without me', 'i[m| am] [just|only|such] a burden [to everyone|on my family|]',
            'they[d| would] be [better|happier|fine] without me', '[my family|my kids|everyone|mum] would be better off if i was gone',
            'they[d| would] finally be free of me', 'im just dead weight to [everyone|them|my family]',
            'nobody would miss me [if i was gone|if i died|]', 'i ruin everything for everyone, [theyd be better off without me|its better if im not around]',
            'the world would be better without me [in it|]',
        ],
        'hopeless': [
            'i dont see the point in living [anymore|any more|]', 'theres no reason to [keep living|go on|stay alive|be alive]',
            'i cant [go on|keep living|do life] like this [anymore|]', 'no point in [living|being alive|staying alive|carrying on]',
            'i cant see any future where im still [here|alive|around]', 'life isnt worth living [anymore|for me|]',
            'im so tired of [living|being alive|existing]', 'whats the point of being alive', 'theres nothing left to live for',
            'ive got no reason to stay alive', 'im done with life',
        ],
        'plan': [
            '{decided}. {time}', '{decided}, {time} im going to {do}', '{time} im going to {do}',
            '{time} is the day', '{time} when {person} is out, thats when', 'ive worked out how im going to {do}',
            'it will all be over by {time}', 'ive planned it for {time}', 'gonna {do} {time}',
            'i know how and when, {time}', '{time}. dont try to stop me', '{decided}, {time}. dont try to talk me out of it',
            'ive got it all planned, {time}', 'after {time} you wont hear from me again',
        ],
        'prep': [
            'wrote [letters|a letter|notes] to [everyone|each of them|{person}], [theyre|its] in the drawer',
            'ive sorted everything out so no one has to', 'gave {pet} to {person} [today|yesterday|]. wont need to look after it anymore',
            'rehomed {pet}, cancelled [netflix|my phone contract|the gym|all my subscriptions], sorted the will',
            'made a will [today|this week|] and wrote down all my passwords for {person}',
            'paid off all my debts so nobody is left with them', 'gave away [my stuff|all my things|my guitar|my clothes] [today|this week|], wont need [it|them] anymore',
            'put everything in order, [the bank stuff|the papers|the passwords] are on the table for {person}',
            'cancelled everything [and gave away my things|and wrote the letters|], its all tidy now',
            'ive said my goodbyes and sorted my affairs', 'deleted all my accounts and gave {pet} away',
        ],
        'means': [
            'been [saving|collecting|stockpiling|hoarding] {pills} [for weeks|for months|]', 'ive got [like 60|enough|loads of|a whole box of] {pills} [saved|hidden|in a drawer|in my sock drawer]',
            'standing on {height} [rn|right now|just thinking|looking down]', 'im at {height} [again|rn|tonight]',
            'keep staring at {height}', 'how high is {height}', 'i know where {weapon} is',
            'bought {weapon} [today|earlier|]', 'took all my {pills} [just now|an hour ago|]',
            'swallowed [the whole packet|all of them|the lot] [an hour ago|just now|]', 'sat with {weapon} [for ages|all night|]',
            'counted out the {pills} [again|tonight|]', 'the {pills} are [lined up|on the table|in my hand]',
        ],
        'selfharm': [
            'i cut myself again', 'relapsed [last night|tonight|today] [after # months|]', 'i [cut|burned|hit|scratched] myself [again|last night|tonight]',
            'burned my [arm|wrist|leg] with the lighter [again|]', 'the urge to cut is [so strong|back|unbearable] [tonight|]',
            'it happened again, [theres blood|the razor|i had to hide my arms|the cuts]', 'i [want to|need to] hurt myself [tonight|so bad|]',
            'got the blade out [again|]', 'my arms are covered in cuts [again|]', 'self harmed [again|last night]',
            'banged my head against the wall til it bled', 'been [cutting|burning] again',
        ],
        'farewell': [
            'thanks for everything [you did for me|really|]. im sorry. [take care of {person} for me|goodbye]',
            'please look after {pet} for me', 'this is goodbye [i guess|]. [love you all|take care]',
            'you wont have to worry about me [much longer|anymore]', 'i just wanted to say goodbye properly',
            'tell {person} i love them and im sorry', 'sorry for everything. bye', 'this is my last message [to you|]',
            'i love you all. please dont be sad', 'goodbye everyone, its been [a lot|nice knowing you]',
        ],
    },
    'everyday': {
        'idiom': [
            'this [exam|heat|commute|deadline|week] is killing me', 'i could kill for a [coffee|pizza|nap]',
            'i nearly died laughing', 'i could die of embarrassment', 'my phone is dead [again|]',
            'if i have to sit through one more [meeting|zoom call] ill [throw myself out the window|kill myself] haha',
            'that [exam|workout|class] murdered me', 'im dead lol', 'killing time before {time}',
            'my boss is going to kill me', 'you look to die for', 'im dying to see you', 'dead tired tonight',
            'that joke killed me', 'i want to die of shame lol, tripped in front of everyone',
        ],
        'fiction': [
            'in the [series|film|book|game] [she|he|the hero] [jumps off the bridge|kills himself|dies] at the end, [cried so much|what a twist]',
            'finished the [crime novel|true crime podcast|show] about the [bridge|roof|overdose] case',
            'my character died again in the game, [so annoying|rage quit]',
        ],
        'grief': [
            '{person} passed away [on sunday|last week], the funeral is {time}',
            'it[s| is] a year since [grandad|my uncle|our neighbour] died, [miss him|lit a candle]',
            'wrote a letter to my [late nan|dad who died] for the anniversary',
        ],
        'cooking': [
            'slit the fish and gut it, then score the skin with a sharp knife',
            'cut the onions, then burn the sugar a little for caramel', 'kill the heat and let it rest',
            'the recipe says to beat the eggs to death lol',
        ],
        'other': [
            'took my {pills} with breakfast, one a day', 'picked up my prescription, 28 tablets, one a day',
            'we went up {height} for the view, [amazing|insane|so windy]', 'drinks on the roof terrace {time}',
            'giving away my old [sofa|bike|clothes] before the move, anyone want them', 'gave {pet} to {person} for the holidays',
            'cancelled [netflix|the gym|spotify], too expensive', '{person} is updating their will, boring paperwork',
            'my last day at the office, said goodbye to everyone', 'goodbye everyone, see you monday',
            '{decided} to quit my job {time}', '{time} im going to finally [do the laundry|clean the flat|call the bank]',
            'once the kids are asleep im gonna watch a film', 'wrote thank you letters to everyone after the wedding',
            'paid off my credit card finally', 'sorted out my [taxes|papers|drawer] {time}',
        ],
        'distress': [
            'i [cant do this job|cant deal with uni|cant take this commute] anymore', 'im so tired of everything, work, the flat, people',
            'failed my exam again, i feel so stupid', 'he broke up with me and i cant stop crying',
            'i feel like such a failure [today|lately|]', 'nobody texted me all weekend, so lonely',
            'my boss yelled at me and i cried in the toilets', 'had a panic attack on the bus',
            'i hate my job so much', 'everything is going wrong this week', 'i feel empty and tired lately',
            'im done with him, blocked his number', 'kill me now, another meeting',
        ],
    },
}
PIECES['de'] = {
    'pre': [
        'langer tag auf der arbeit', 'der bus war wieder zu spät', 'mama hat vorhin angerufen', 'bin grad heimgekommen',
        'kann wieder nicht schlafen', 'es ist 3 uhr nachts und', 'arbeit war ok', 'hab stundenlang rumgescrollt',
        'hab nudeln gegessen', 'meine schwester war heute da', 'es regnet seit tagen', 'schicht ist rum',
        'die kinder schlafen endlich', 'montag fangen die prüfungen an', 'saß ewig im auto', 'naja', 'also',
        'keine ahnung warum ich das schreib aber', 'war vorhin einkaufen', 'der hund musste raus',
        'meine therapeutin ist im urlaub', 'hab bissl fernsehen geschaut', 'war heut nicht in der uni',
        'grüezi', 'servus', 'moin',
    ],
    'post': ['naja', 'keine ahnung', 'egal', 'whatever', 'gute nacht', 'ok', 'ja', 'sorry fürs zutexten',
             'wie war dein tag', 'lol', 'haha', ':)', 'oder so'],
    'hedge': ['ehrlich gesagt', 'ehrlich', 'irgendwie', 'keine ahnung', 'ich glaub', 'halt', 'eigentlich',
              'manchmal', 'ganz ehrlich', 'ehrlich gsagt', 'weißt du', 'echt'],
    'slots': {
        'time': ['heute nacht', 'heut abend', 'am wochenende', 'am samstag', 'sonntag', 'nach der beerdigung',
                 'wenn die kinder schlafen', 'wenn alle auf der arbeit sind', 'nach meinem geburtstag',
                 'wenn meine frau bei ihrer mutter ist', 'freitag nacht', 'vor weihnachten', 'morgen früh',
                 'wenn meine eltern im urlaub sind', 'ende des monats', 'nach dem zahltag', 'um 2 uhr',
                 'wenn die wohnung leer ist', 'nächste woche', 'nach den prüfungen'],
        'person': ['mama', 'meine mutter', 'meine schwester', 'mein bruder', 'papa', 'mein bester freund',
                   'meine kinder', 'meine freundin', 'mein mann', 'oma', 'mein mitbewohner'],
        'pet': ['die katze', 'meine katze', 'den hund', 'meinen hund', 'mein kaninchen', 'den hamster', 'meine fische'],
        'pills': ['tabletten', 'pillen', 'medikamente', 'meine antidepressiva', 'schlaftabletten', 'schmerztabletten',
                  'tabletten von oma', 'insulin', 'meine medis', 'tabl', 'die ganzen packungen'],
        'height': ['der brücke', 'dem dach', 'dem parkhausdach', 'der klippe', 'den gleisen', 'der autobahnbrücke',
                   'dem balkon', 'dem fenster im 9. stock', 'dem hochhaus', 'der kante', 'dem bahnsteig',
                   'dem aussichtsturm', 'dem steinbruch'],
        'weapon': ['das seil', 'ein seil', 'das messer', 'die klinge', 'die rasierklinge', 'papas waffe',
                   'die pistole', 'einen gürtel', 'die kohle', 'den strick'],
        'die': ['sterben', 'tot sein', 'nicht mehr da sein', 'nicht mehr leben', 'nicht mehr aufwachen',
                'für immer schlafen', 'verschwinden', 'für immer weg sein', 'es beenden', 'alles beenden',
                'schluss machen', 'mich umbringen', 'mich umbrigen', 'mir das leben nehmen', 'mich töten',
                'nicht mehr existieren', 'einschlafen und nie mehr aufwachen', 'mich abmelden', 'weg sein'],
        'want': ['will', 'möchte', 'würde am liebsten', 'will einfach', 'will nur noch', 'hab lust', 'denk dran',
                 'werd', 'werde', 'muss', 'wünsch mir', 'wöt', 'mag'],
        'do': ['es tun', 'es machen', 'es durchziehen', 'schluss machen', 'alles beenden', 'weg sein',
               'mich umbringen', 'es beenden', 'gehen', 'springen'],
        'decided': ['ich hab mich entschieden', 'mein entschluss steht', 'es ist entschieden', 'hab mich festgelegt',
                    'ich weiß jetzt wann', 'der tag steht fest', 'jetzt bin ich mir sicher', 'es gibt kein zurück mehr',
                    "hab's mir fest vorgenommen"],
    },
    'crisis': {
        'direct': [
            '{hedge} ich {want} {die}', 'ich {want} {die}', 'ich {want} {die} {time}', 'ich bring mich um',
            'ich will mich [umbringen|umbrigen|töten] [echt|grad|]', 'ich denk [ständig|dauernd|] an [selbstmord|suizid|suzid]',
            'hab [wieder|] suizidgedanken', 'ich will mir das leben nehmen', 'ich mach schluss, endgültig',
            'ich will tot sein', 'bin bereit alles zu beenden', 'i möcht nimma leben', 'i wött nüm läbe',
        ],
        'passive': [
            'ich [hoffe|wünsch mir] ich wach [morgen|] nicht mehr auf',
            'wär [mir egal|schon ok|eine erleichterung|gar nicht schlimm] wenn ich [morgen nicht mehr aufwache|einfach sterben würde|nicht mehr da wär|vom bus überfahren würde]',
            'ich wünschte ich wär tot', 'ich wünschte ich wär nie geboren', 'ich [will|mag|möchte] nicht mehr [da sein|leben|aufwachen|existieren]',
            'ich will nicht mehr', 'ich will einfach [für immer schlafen|nicht mehr existieren|verschwinden]',
            'mir ist egal ob ich lebe oder sterbe', 'am liebsten einschlafen und nie mehr aufwachen',
            'ich will nur noch dass alles aufhört', 'wär am liebsten [weg|nicht mehr da], für immer',
            'i wär gern einfach nimma da', 'ich seh mich [nächstes jahr|im sommer] nicht mehr [hier|am leben]',
        ],
        'burden': [
            'alle wären ohne mich besser dran', 'ich bin [nur|bloß] [eine last|ein klotz am bein] für [alle|meine familie]',
            'ohne mich hätten es alle leichter', 'dann hätten sie endlich ruhe vor mir', 'mich würde eh keiner vermissen',
            'meine familie wär besser dran wenn ich weg wär', 'die welt wär besser ohne mich',
        ],
        'hopeless': [
            'ich seh keinen sinn mehr [im leben|weiterzuleben|zu leben]', 'es gibt keinen grund mehr weiterzuleben',
            'ich kann so nicht mehr weiterleben', 'das leben hat keinen sinn mehr', 'ich bin so müde vom leben',
            'wozu noch leben', 'ich hab nichts mehr wofür es sich zu leben lohnt', 'ich bin fertig mit dem leben',
            'es gibt keine zukunft für mich, nicht mehr',
        ],
        'plan': [
            '{decided}. {time}', '{decided}, {time} werd ich {do}', '{time} werd ich {do}', '{time} ist es soweit',
            '{time} wenn {person} weg ist, dann', 'ich hab mir überlegt wie ich es mache', '{time} ist alles vorbei',
            '{time} mach ich schluss', 'ich weiß wie und wann, {time}', '{time}. versuch nicht mich aufzuhalten',
            'hab alles geplant, {time}', 'nach {time} hörst du nichts mehr von mir',
        ],
        'prep': [
            'hab [briefe|abschiedsbriefe|einen brief] an [alle|{person}] geschrieben, liegen in der schublade',
            'ich regle alles damit keiner arbeit hat', 'hab {pet} {person} gegeben, brauch ich ja nicht mehr',
            'hab alle abos gekündigt und das testament gemacht', 'hab mein testament gemacht und die passwörter aufgeschrieben',
            'hab alle schulden bezahlt damit keiner was erbt davon', 'hab meine sachen verschenkt, brauch ich nicht mehr',
            'alles ist geregelt, die papiere liegen auf dem tisch für {person}', 'hab mich von allen verabschiedet und alles geordnet',
            'hab alle konten gelöscht und {pet} weggegeben',
        ],
        'means': [
            'ich [sammle|horte|spar] [schon länger|seit wochen|] {pills}', 'hab [genug|60|ne ganze packung] {pills} [gesammelt|versteckt|in der schublade]',
            'steh grad auf {height} und schau runter', 'bin [schon wieder|grad|heute nacht] auf {height}', 'ich starr ständig auf {height}',
            'wie hoch ist eigentlich {height}', 'ich weiß wo {weapon} ist', 'hab {weapon} gekauft',
            'hab [alle|die ganzen] {pills} genommen', 'hab die ganze packung geschluckt', 'sitz hier mit {weapon}',
            'die {pills} liegen schon bereit',
        ],
        'selfharm': [
            'hab mich wieder geritzt', 'hab mich [wieder|gestern|heute nacht] [geschnitten|verbrannt|geschlagen]',
            'rückfall [nach # monaten|gestern|], [die klinge|hab mich geritzt]', 'der drang mich zu [ritzen|schneiden] ist [so stark|wieder da]',
            'es ist wieder passiert, [blut überall|die klinge|muss die arme verstecken]', 'ich [will|muss] mir wehtun',
            'hab die klinge wieder rausgeholt', 'meine arme sind [wieder|] voller schnitte', 'ritz mich [wieder|seit tagen]',
        ],
        'farewell': [
            'danke für alles. [es tut mir leid|passt auf euch auf|tschüss]', 'kümmer dich bitte um {pet}',
            'das ist ein abschied', 'um mich musst du dir bald keine sorgen mehr machen', 'ich wollte mich nur richtig verabschieden',
            'sag {person} dass ich sie lieb hab und es mir leid tut', 'sorry für alles. lebt wohl', 'das ist meine letzte nachricht',
            'ich hab euch lieb, seid nicht traurig',
        ],
    },
    'everyday': {
        'idiom': [
            'die [hitze|prüfung|arbeit|woche] bringt mich um', 'ich sterbe vor [hunger|langeweile|lachen]',
            'ich könnt für nen kaffee töten', 'hab mich totgelacht', 'mein handy ist [schon wieder|] tot',
            'wenn ich noch ein meeting hab spring ich aus dem fenster haha', 'die mathearbeit hat mich gekillt',
            'mein chef bringt mich um', 'bin todmüde', 'zeit totschlagen bis {time}', 'ich bin fix und fertig heute',
            'das war zum sterben peinlich',
        ],
        'fiction': [
            'im [tatort|film|buch|spiel] hat sich [der täter|die heldin] am ende von der brücke gestürzt',
            'der krimi über den mord auf dem dach war spannend', 'mein charakter ist im spiel wieder gestorben',
        ],
        'grief': [
            '{person} ist letzte woche gestorben, die beerdigung ist {time}', 'ein jahr seit opa gestorben ist, hab eine kerze angezündet',
            'hab meinem verstorbenen vater einen brief geschrieben zum jahrestag',
        ],
        'cooking': ['das messer schärfen und die zwiebeln klein schneiden', 'den fisch aufschneiden und ausnehmen',
                    'den zucker karamellisieren, nicht verbrennen lassen', 'den herd ausmachen und ruhen lassen'],
        'other': [
            'hab meine {pills} nach dem frühstück genommen, eine am tag', 'hab mein rezept abgeholt, 28 tabletten, eine täglich',
            'waren oben auf {height}, aussicht war der hammer', 'drinks auf der dachterrasse {time}',
            'verschenke mein altes [sofa|fahrrad|klamotten] vor dem umzug', 'hab {pet} {person} für den urlaub gegeben',
            'hab [netflix|das fitnessstudio|spotify] gekündigt, zu teuer', '{person} macht gerade das testament, papierkram',
            'mein letzter tag in der firma, hab mich von allen verabschiedet', 'tschüss zusammen, bis montag',
            '{decided} zu kündigen', '{time} mach ich endlich [die wäsche|die steuer|die wohnung sauber]',
            'wenn die kinder schlafen schau ich einen film', 'hab dankeskarten nach der hochzeit geschrieben',
            'hab endlich den kredit abbezahlt', 'hab {time} meine papiere sortiert',
        ],
        'distress': [
            'ich kann [diesen job|die uni|das pendeln] nicht mehr', 'bin so müde von allem, arbeit, wohnung, leute',
            'bin wieder durch die prüfung gefallen, fühl mich so dumm', 'er hat schluss gemacht und ich heul nur',
            'ich fühl mich wie ein versager', 'niemand hat sich am wochenende gemeldet, so einsam',
            'mein chef hat mich angeschrien und ich hab im klo geheult', 'hatte ne panikattacke in der bahn',
            'ich hasse meinen job', 'alles geht diese woche schief', 'fühl mich leer und müde in letzter zeit',
            'bring mich um, noch ein meeting', 'bin fertig mit ihm, hab ihn blockiert',
        ],
    },
}
PIECES['es'] = {
    'pre': [
        'día largo en el trabajo', 'el bus llegó tarde otra vez', 'mi mamá me llamó hace rato', 'acabo de llegar a casa',
        'no puedo dormir otra vez', 'son las 3 de la mañana y', 'el curro bien supongo', 'llevo horas en el celu',
        'cené pasta', 'vino mi hermana hoy', 'no para de llover', 'terminé el turno', 'los niños ya se durmieron',
        'el lunes empiezan los exámenes', 'estuve horas en el coche', 'bueno', 'pues nada', 'la verdad no sé por qué escribo esto pero',
        'fui al súper', 'saqué al perro', 'mi psicóloga está de vacaciones', 'vi un poco de tele', 'hoy no fui a la facu',
        'che', 'wey', 'tía',
    ],
    'post': ['bueno', 'no sé', 'jaja', 'da igual', 'eso', 'buenas noches', 'ok', 'y tú qué tal', 'perdón por el rollo',
             'xd', ':)', 'nada más', 'en fin'],
    'hedge': ['la verdad', 'sinceramente', 'la neta', 'no sé', 'como que', 'creo que', 'en serio', 'a veces',
              'honestamente', 'literal', 'posta', 'tipo'],
    'slots': {
        'time': ['esta noche', 'este finde', 'el sábado', 'el domingo', 'después del entierro', 'cuando los niños se duerman',
                 'cuando todos estén en el trabajo', 'después de mi cumple', 'cuando mi mujer esté con su madre',
                 'el viernes por la noche', 'antes de navidad', 'mañana temprano', 'cuando mis papás se vayan de viaje',
                 'a fin de mes', 'después de cobrar', 'a las 2', 'cuando la casa esté vacía', 'la semana que viene',
                 'después de los exámenes'],
        'person': ['mamá', 'mi mamá', 'mi hermana', 'mi hermano', 'papá', 'mi mejor amigo', 'mis hijos', 'mi novia',
                   'mi marido', 'la abuela', 'mi compañero de piso'],
        'pet': ['el gato', 'mi gato', 'el perro', 'mi perro', 'mi conejo', 'el hámster', 'mis peces'],
        'pills': ['pastillas', 'pastis', 'medicamentos', 'mis antidepresivos', 'pastillas para dormir', 'calmantes',
                  'las pastillas de mi abuela', 'insulina', 'mis medicinas', 'clonazepam', 'paracetamol'],
        'height': ['el puente', 'la azotea', 'el techo', 'el acantilado', 'las vías', 'el puente de la autopista',
                   'el balcón', 'la ventana del piso 9', 'el edificio', 'el borde', 'el andén', 'el mirador', 'la terraza del piso 12'],
        'weapon': ['la cuerda', 'una cuerda', 'el cuchillo', 'la navaja', 'la cuchilla', 'el arma de mi papá',
                   'la pistola', 'un cinturón', 'el carbón', 'la soga'],
        'die': ['morir', 'morirme', 'estar muerto', 'estar muerta', 'no estar', 'dejar de existir', 'desaparecer para siempre',
                'dormir para siempre', 'no despertar', 'acabar con todo', 'terminar con todo', 'matarme', 'quitarme la vida',
                'suicidarme', 'no existir', 'dormirme y no despertar', 'irme para siempre', 'desaparecer'],
        'want': ['quiero', 'quisiera', 'me gustaría', 'tengo ganas de', 'solo quiero', 'pienso en', 'voy a', 'necesito',
                 'ojalá pudiera', 'prefiero', 'me dan ganas de'],
        'do': ['hacerlo', 'acabar con todo', 'terminar con esto', 'matarme', 'irme', 'tirarme', 'desaparecer', 'quitarme la vida'],
        'decided': ['ya lo decidí', 'ya está decidido', 'lo tengo decidido', 'ya sé cuándo', 'ya elegí el día',
                    'estoy seguro', 'estoy segura', 'no hay vuelta atrás', 'ya tomé la decisión'],
    },
    'crisis': {
        'direct': [
            '{hedge} {want} {die}', '{want} {die}', '{want} {die} {time}', 'me voy a matar', 'me quiero matar [boludo|wey|tía|]',
            'pienso [todo el tiempo|mucho|] en [suicidarme|el suicidio|matarme]', 'tengo pensamientos suicidas [otra vez|]',
            'quiero quitarme la vida', 'me quiero morir [ya|de verdad|]', 'estoy list[o|a] para acabar con todo', 'me mato [hoy|esta noche]',
        ],
        'passive': [
            'ojalá no [despierte|despertara|despertar] mañana', '[me daría igual|sería un alivio|estaría bien] si [no despierto mañana|me muero|ya no estuviera|me atropella un bus]',
            'ojalá estuviera muert[o|a]', 'ojalá no hubiera nacido', 'ya no quiero [estar aquí|vivir|seguir|despertar|existir]',
            'no quiero seguir [viviendo|así|]', 'solo quiero [dormir para siempre|dejar de existir|desaparecer]',
            'me da igual vivir o morir', 'quisiera dormirme y no volver a abrir los ojos', 'quiero que todo se acabe',
            'quisiera no estar más acá', 'no me veo [el año que viene|en verano] [vivo|viva|aquí]',
        ],
        'burden': [
            'todos estarían mejor sin mí', 'solo soy una carga [para todos|para mi familia|]', 'por fin se librarían de mí',
            'nadie me echaría de menos', 'nadie me extrañaría', 'mi familia estaría mejor si yo no estuviera', 'el mundo estaría mejor sin mí',
        ],
        'hopeless': [
            'no le veo sentido a [vivir|seguir viviendo|la vida]', 'no hay razón para seguir viviendo', 'no puedo seguir viviendo así',
            'la vida no vale la pena', 'estoy cansad[o|a] de vivir', 'para qué seguir vivo', 'no tengo nada por lo que vivir',
            'no tengo futuro, ya no',
        ],
        'plan': [
            '{decided}. {time}', '{decided}, {time} voy a {do}', '{time} voy a {do}', '{time} es el día',
            '{time} cuando {person} no esté, ahí', 'ya pensé cómo lo voy a hacer', 'para {time} todo habrá terminado',
            '{time} lo hago', 'ya sé cómo y cuándo, {time}', '{time}. no intentes pararme', 'ya tengo todo planeado, {time}',
            'después de {time} no vas a saber más de mí',
        ],
        'prep': [
            'escribí cartas para [todos|{person}], están en el cajón', 'estoy dejando todo en orden para que nadie tenga que ocuparse',
            'le di {pet} a {person}, ya no lo voy a necesitar', 'cancelé todas las suscripciones e hice el testamento',
            'hice el testamento y anoté las contraseñas para {person}', 'pagué todas las deudas para que nadie tenga que hacerse cargo',
            'regalé mis cosas, ya no las necesito', 'dejé todo arreglado, los papeles están en la mesa para {person}',
            'ya me despedí de todos y dejé todo ordenado', 'borré todas mis cuentas y regalé {pet}',
        ],
        'means': [
            'llevo [tiempo|semanas|meses] guardando {pills}', 'tengo [muchas|suficientes|un montón de|60] {pills} [guardadas|escondidas|en el cajón]',
            'estoy en {height} mirando [pa abajo|para abajo|hacia abajo]', 'estoy [otra vez|ahora|esta noche] en {height}',
            'no dejo de mirar {height}', 'qué altura tiene {height}', 'sé dónde está {weapon}', 'compré {weapon}',
            'me tomé todas las {pills}', 'me tragué la caja entera', 'estoy aquí con {weapon}', 'ya tengo las {pills} listas',
        ],
        'selfharm': [
            'me volví a cortar', 'me [corté|quemé|pegué] [otra vez|anoche|de nuevo]', 'recaí [después de # meses|anoche|], [la cuchilla|me corté]',
            'las ganas de cortarme son [muy fuertes|insoportables]', 'pasó otra vez, [hay sangre|la cuchilla|tengo que tapar los brazos]',
            '[quiero|necesito] hacerme daño', 'saqué la cuchilla otra vez', 'tengo los brazos llenos de cortes', 'me autolesioné otra vez',
        ],
        'farewell': [
            'gracias por todo. [perdón|cuídense|adiós]', 'cuida de {pet} por favor', 'esto es una despedida',
            'pronto ya no tendrás que preocuparte por mí', 'solo quería despedirme como es debido', 'dile a {person} que la quiero y que lo siento',
            'perdón por todo. adiós', 'este es mi último mensaje', 'los quiero mucho, no estén tristes',
        ],
    },
    'everyday': {
        'idiom': [
            '[este calor|este examen|el trabajo|esta semana] me está matando', 'me muero de [hambre|risa|sueño|vergüenza]',
            'mataría por un café', 'casi me muero de risa', 'el móvil está muerto [otra vez|]', 'si tengo otra reunión me tiro por la ventana jaja',
            'ese examen me mató', 'mi jefe me va a matar', 'estoy muerto de cansancio', 'matando el tiempo hasta {time}',
            'estoy hecho polvo', 'qué vergüenza, me quería morir jaja',
        ],
        'fiction': ['en la [serie|peli|novela] el protagonista se tira del puente al final, lloré', 'el podcast de crímenes sobre la azotea',
                    'mi personaje se murió otra vez en el juego'],
        'grief': ['{person} falleció la semana pasada, el entierro es {time}', 'hace un año que murió mi abuelo, encendí una vela',
                  'le escribí una carta a mi papá que murió, por el aniversario'],
        'cooking': ['afilar el cuchillo y cortar la cebola bien fina', 'abrir el pescado y limpiarlo', 'que no se queme el azúcar', 'apagar el fuego y dejar reposar'],
        'other': [
            'me tomé {pills} con el desayuno, una al día', 'recogí la receta, 28 pastillas, una diaria', 'subimos a {height}, qué vista',
            'unas cervezas en la terraza {time}', 'regalo mi [sofá|bici|ropa] vieja antes de la mudanza', 'le dejé {pet} a {person} por las vacaciones',
            'cancelé [netflix|el gimnasio|spotify], muy caro', '{person} está haciendo el testamento, puro papeleo',
            'último día en la oficina, me despedí de todos', 'chau a todos, nos vemos el lunes', '{decided} renunciar al trabajo',
            '{time} por fin voy a [lavar la ropa|limpiar la casa|llamar al banco]', 'cuando los niños se duerman veo una peli',
            'pagué la tarjeta por fin', 'ordené los papeles {time}',
        ],
        'distress': [
            'no aguanto más [este trabajo|la facu|el tráfico]', 'estoy harta de todo, el trabajo, el piso, la gente',
            'suspendí otra vez, me siento tonta', 'me dejó y no paro de llorar', 'me siento un fracaso', 'nadie me escribió en todo el finde, qué soledad',
            'mi jefe me gritó y lloré en el baño', 'tuve un ataque de pánico en el metro', 'odio mi trabajo', 'todo sale mal esta semana',
            'me siento vacío y cansado últimamente', 'mátenme, otra reunión', 'terminé con él, lo bloqueé',
        ],
    },
}
PIECES['fr'] = {
    'pre': [
        'longue journée au boulot', 'le bus était encore en retard', 'ma mère a appelé tout à l\'heure', 'je viens de rentrer',
        'j\'arrive pas à dormir encore', 'il est 3h du mat et', 'le taf ça va', 'ça fait des heures que je scrolle',
        'j\'ai mangé des pâtes', 'ma sœur est passée aujourd\'hui', 'il pleut depuis des jours', 'fini ma garde',
        'les enfants dorment enfin', 'les partiels commencent lundi', 'resté des heures dans la voiture', 'bref', 'bon',
        'je sais pas pourquoi j\'écris ça mais', 'suis allé faire les courses', 'j\'ai sorti le chien', 'ma psy est en vacances',
        'j\'ai regardé la télé', 'pas allé en cours aujourd\'hui', 'coudonc', 'wesh',
    ],
    'post': ['bref', 'jsp', 'mdr', 'osef', 'voilà', 'bonne nuit', 'ok', 'et toi ça va', 'désolé pour le pavé', 'lol', ':)', 'enfin bon'],
    'hedge': ['franchement', 'honnêtement', 'genre', 'jsp', 'je crois', 'en vrai', 'parfois', 'sincèrement', 'limite', 'grave', 'tsé'],
    'slots': {
        'time': ['ce soir', 'ce week-end', 'samedi', 'dimanche', 'après l\'enterrement', 'quand les enfants dormiront',
                 'quand tout le monde sera au boulot', 'après mon anniversaire', 'quand ma femme sera chez sa mère',
                 'vendredi soir', 'avant noël', 'demain matin', 'quand mes parents partiront en vacances', 'à la fin du mois',
                 'après la paie', 'à 2h', 'quand l\'appart sera vide', 'la semaine prochaine', 'après les partiels'],
        'person': ['maman', 'ma mère', 'ma sœur', 'mon frère', 'papa', 'mon meilleur pote', 'mes enfants', 'ma copine',
                   'mon mari', 'mamie', 'mon coloc'],
        'pet': ['le chat', 'mon chat', 'le chien', 'mon chien', 'mon lapin', 'le hamster', 'mes poissons'],
        'pills': ['cachets', 'médocs', 'médicaments', 'comprimés', 'mes antidépresseurs', 'somnifères', 'anxiolytiques',
                  'les médocs de ma grand-mère', 'insuline', 'doliprane', 'xanax'],
        'height': ['le pont', 'le toit', 'le toit du parking', 'la falaise', 'les rails', 'le pont du périph', 'le balcon',
                   'la fenêtre du 9e', 'l\'immeuble', 'le bord', 'le quai', 'le viaduc', 'la terrasse du 12e'],
        'weapon': ['la corde', 'une corde', 'le couteau', 'la lame', 'le rasoir', 'l\'arme de mon père', 'le fusil',
                   'une ceinture', 'le charbon', 'le flingue'],
        'die': ['mourir', 'crever', 'être mort', 'être morte', 'plus être là', 'ne plus exister', 'disparaître pour toujours',
                'dormir pour toujours', 'ne pas me réveiller', 'en finir', 'tout arrêter', 'me tuer', 'me suicider',
                'me foutre en l\'air', 'mettre fin à mes jours', 'partir pour de bon', 'disparaître', 'm\'endormir et ne jamais me réveiller'],
        'want': ['je veux', 'jveux', 'je voudrais', 'j\'aimerais', 'j\'ai envie de', 'je pense à', 'je vais', 'jvais',
                 'j\'ai besoin de', 'je préférerais', 'j\'ai le goût de'],
        'do': ['le faire', 'en finir', 'tout arrêter', 'me tuer', 'partir', 'sauter', 'disparaître', 'passer à l\'acte'],
        'decided': ['c\'est décidé', 'j\'ai décidé', 'ma décision est prise', 'je sais quand maintenant', 'j\'ai choisi le jour',
                    'je suis sûr', 'je suis sûre', 'pas de retour en arrière', 'c\'est réglé'],
    },
    'crisis': {
        'direct': [
            '{hedge} {want} {die}', '{want} {die}', '{want} {die} {time}', 'je vais me tuer', 'jvais me foutre en l\'air',
            'je pense [tout le temps|souvent|] au suicide', 'j\'ai des idées suicidaires [encore|]', 'je veux mettre fin à mes jours',
            'je veux mourir [sérieux|vraiment|]', 'je suis prêt[|e] à en finir', 'je me suicide [ce soir|demain]', 'j\'ai envie de crever',
        ],
        'passive': [
            'j\'espère [ne pas me réveiller|pas me réveiller] demain', '[ça m\'irait|ce serait un soulagement|ça me dérangerait pas] de [pas me réveiller demain|mourir|plus être là]',
            'si je me réveillais pas demain [ça m\'irait|tant mieux]', 'j\'aimerais être mort[|e]', 'j\'aurais préféré ne jamais naître',
            'je veux plus [être là|vivre|me réveiller|exister]', 'je [veux|voudrais] plus continuer', 'je veux juste [dormir pour toujours|ne plus exister|disparaître]',
            'vivre ou mourir je m\'en fous', 'je voudrais que tout s\'arrête', 'm\'endormir et ne jamais me réveiller',
            'je me vois pas [l\'année prochaine|cet été] [encore en vie|encore là]',
        ],
        'burden': [
            'tout le monde serait mieux sans moi', 'je suis [qu\'un|juste un] poids [pour tout le monde|pour ma famille|]',
            'ils seraient enfin débarrassés de moi', 'personne remarquerait mon absence', 'personne me regretterait',
            'ma famille serait mieux si j\'étais plus là', 'le monde serait mieux sans moi',
        ],
        'hopeless': [
            'je vois plus [l\'intérêt de vivre|le sens de la vie|pourquoi vivre]', 'aucune raison de continuer à vivre',
            'je peux plus vivre comme ça', 'la vie vaut pas la peine', 'je suis fatigué[|e] de vivre', 'à quoi bon vivre',
            'j\'ai plus rien pour quoi vivre', 'j\'ai plus d\'avenir, c\'est fini',
        ],
        'plan': [
            '{decided}. {time}', '{decided}, {time} je vais {do}', '{time} je vais {do}', '{time} c\'est le jour', '{time} c\'est la fin',
            '{time} quand {person} sera pas là', 'j\'ai réfléchi à la façon de le faire', 'd\'ici {time} tout sera fini',
            'je sais comment et quand, {time}', '{time}. essaie pas de m\'arrêter', 'j\'ai tout prévu, {time}',
            'après {time} tu entendras plus parler de moi',
        ],
        'prep': [
            'j\'ai écrit [des lettres|une lettre] pour [chacun|{person}], elles sont dans le tiroir', 'je mets mes affaires en ordre pour que personne ait à s\'en charger',
            'j\'ai donné {pet} à {person}, j\'en aurai plus besoin', 'j\'ai résilié tous mes abonnements et fait mon testament',
            'j\'ai fait mon testament et noté mes mots de passe pour {person}', 'j\'ai remboursé toutes mes dettes pour que personne les ait',
            'j\'ai donné mes affaires, j\'en ai plus besoin', 'tout est réglé, les papiers sont sur la table pour {person}',
            'j\'ai dit au revoir à tout le monde et tout rangé', 'j\'ai supprimé tous mes comptes et donné {pet}',
        ],
        'means': [
            'je mets mes {pills} de côté depuis [un moment|des semaines|des mois]', 'j\'ai [assez de|plein de|60] {pills} [cachés|de côté|dans le tiroir]',
            'chui sur {height} là, je regarde en bas', 'je suis [encore|là|ce soir] sur {height}', 'j\'arrête pas de regarder {height}',
            'quelle hauteur fait {height}', 'je sais où est {weapon}', 'j\'ai acheté {weapon}', 'j\'ai pris tous mes {pills}',
            'j\'ai avalé toute la boîte', 'je suis là avec {weapon}', 'les {pills} sont prêts sur la table',
        ],
        'selfharm': [
            'je me suis encore scarifié[|e]', 'je me suis [coupé|brûlé|frappé][|e] [encore|hier soir|de nouveau]', 'rechute [après # mois|hier], [la lame|je me suis coupée]',
            'l\'envie de me scarifier est [trop forte|revenue]', 'c\'est encore arrivé, [y a du sang|la lame|je dois cacher mes bras]',
            'j\'ai besoin de me faire du mal', 'j\'ai ressorti la lame', 'mes bras sont pleins de coupures', 'je me mutile encore',
        ],
        'farewell': [
            'merci pour tout. [pardon|prenez soin de vous|adieu]', 'prends soin de {pet} s\'il te plaît', 'c\'est un adieu',
            'bientôt tu auras plus à t\'inquiéter pour moi', 'je voulais juste te dire au revoir correctement', 'dis à {person} que je l\'aime et que je suis désolé',
            'pardon pour tout. adieu', 'c\'est mon dernier message', 'je vous aime, soyez pas tristes',
        ],
    },
    'everyday': {
        'idiom': [
            '[cette chaleur|ce partiel|ce boulot|cette semaine] me tue', 'je meurs de [faim|rire|chaud|honte]', 'je tuerais pour un café',
            'mort de rire', 'mon téléphone est mort [encore|]', 'si j\'ai encore une réunion je saute par la fenêtre mdr', 'ce partiel m\'a tué',
            'mon chef va me tuer', 'je suis mort de fatigue', 'je tue le temps jusqu\'à {time}', 'je suis crevé', 'la honte, j\'avais envie de disparaître sous terre',
        ],
        'fiction': ['dans [la série|le film|le roman] l\'héroïne se jette du pont à la fin, j\'ai pleuré', 'le podcast sur le meurtre du toit',
                    'mon perso est encore mort dans le jeu'],
        'grief': ['{person} est décédé la semaine dernière, l\'enterrement est {time}', 'un an que papi est mort, j\'ai allumé une bougie',
                  'j\'ai écrit une lettre à mon père décédé pour l\'anniversaire'],
        'cooking': ['aiguiser le couteau et émincer les oignons', 'vider le poisson et l\'écailler', 'pas laisser brûler le sucre', 'couper le feu et laisser reposer'],
        'other': [
            'j\'ai pris mes {pills} au petit-déj, un par jour', 'récupéré mon ordonnance, 28 comprimés, un par jour', 'on est montés sur {height}, vue dingue',
            'apéro sur la terrasse {time}', 'je donne mon vieux [canapé|vélo|fringues] avant le déménagement', 'j\'ai laissé {pet} à {person} pour les vacances',
            'j\'ai résilié [netflix|la salle|spotify], trop cher', '{person} refait son testament, que de la paperasse',
            'dernier jour au boulot, j\'ai dit au revoir aux collègues', 'salut tout le monde, à lundi', '{decided} de démissionner',
            '{time} je vais enfin [faire la lessive|ranger l\'appart|appeler la banque]', 'quand les enfants dormiront je regarde un film',
            'j\'ai enfin remboursé mon prêt', 'j\'ai rangé mes papiers {time}',
        ],
        'distress': [
            'je peux plus [ce boulot|la fac|les transports]', 'je suis fatigué de tout, le boulot, l\'appart, les gens',
            'encore raté mon partiel, je me sens nulle', 'il m\'a quittée et je pleure tout le temps', 'je me sens comme un échec',
            'personne m\'a écrit du week-end, trop seul', 'mon chef m\'a crié dessus et j\'ai pleuré aux toilettes', 'crise d\'angoisse dans le métro',
            'je déteste mon boulot', 'tout part en vrille cette semaine', 'je me sens vide et crevé ces temps-ci', 'tuez-moi, encore une réunion', 'c\'est fini avec lui, je l\'ai bloqué',
        ],
    },
}
PIECES['it'] = {
    'pre': [
        'giornata lunga al lavoro', 'il bus era di nuovo in ritardo', 'mia madre ha chiamato prima', 'sono appena tornato a casa',
        'non riesco a dormire di nuovo', 'sono le 3 di notte e', 'il lavoro tutto ok', 'sto scrollando da ore', 'ho mangiato la pasta',
        'oggi è passata mia sorella', 'piove da giorni', 'finito il turno', 'i bambini finalmente dormono', 'lunedì iniziano gli esami',
        'sono stato ore in macchina', 'comunque', 'vabbè', 'non so perché scrivo questo ma', 'sono andato a fare la spesa',
        'ho portato fuori il cane', 'la mia psicologa è in ferie', 'ho guardato un po\' di tv', 'oggi non sono andato all\'uni', 'raga', 'boh',
    ],
    'post': ['comunque', 'boh', 'ahah', 'vabbè', 'ecco', 'buonanotte', 'ok', 'e tu come stai', 'scusa il papiro', 'lol', ':)', 'niente'],
    'hedge': ['sinceramente', 'onestamente', 'tipo', 'boh', 'credo', 'in realtà', 'a volte', 'davvero', 'cioè', 'raga', 'giuro'],
    'slots': {
        'time': ['stanotte', 'stasera', 'questo weekend', 'sabato', 'domenica', 'dopo il funerale', 'quando i bambini dormono',
                 'quando sono tutti al lavoro', 'dopo il mio compleanno', 'quando mia moglie è da sua madre', 'venerdì sera',
                 'prima di natale', 'domani mattina', 'quando i miei vanno in vacanza', 'a fine mese', 'dopo lo stipendio', 'alle 2',
                 'quando la casa è vuota', 'la settimana prossima', 'dopo gli esami'],
        'person': ['mamma', 'mia madre', 'mia sorella', 'mio fratello', 'papà', 'il mio migliore amico', 'i miei figli', 'la mia ragazza',
                   'mio marito', 'la nonna', 'il mio coinquilino'],
        'pet': ['il gatto', 'il mio gatto', 'il cane', 'il mio cane', 'il mio coniglio', 'il criceto', 'i miei pesci'],
        'pills': ['pastiglie', 'pillole', 'farmaci', 'medicine', 'i miei antidepressivi', 'sonniferi', 'ansiolitici', 'le pastiglie della nonna',
                  'insulina', 'tachipirina', 'xanax'],
        'height': ['il ponte', 'il tetto', 'il tetto del parcheggio', 'la scogliera', 'i binari', 'il cavalcavia', 'il balcone',
                   'la finestra del nono piano', 'il palazzo', 'il bordo', 'la banchina', 'il viadotto', 'la terrazza al dodicesimo piano'],
        'weapon': ['la corda', 'una corda', 'il coltello', 'la lametta', 'il rasoio', 'la pistola di mio padre', 'il fucile',
                   'una cintura', 'il carbone', 'la lama'],
        'die': ['morire', 'essere morto', 'essere morta', 'non esserci più', 'smettere di esistere', 'sparire per sempre', 'dormire per sempre',
                'non svegliarmi', 'farla finita', 'finirla', 'uccidermi', 'ammazzarmi', 'togliermi la vita', 'suicidarmi', 'non esistere',
                'addormentarmi e non svegliarmi più', 'andarmene per sempre', 'sparire'],
        'want': ['voglio', 'vorrei', 'mi piacerebbe', 'ho voglia di', 'voglio solo', 'penso di', 'sto per', 'devo', 'preferirei', 'mi viene da'],
        'do': ['farlo', 'farla finita', 'chiudere tutto', 'uccidermi', 'andarmene', 'buttarmi', 'sparire', 'togliermi la vita'],
        'decided': ['ho deciso', 'è deciso', 'la decisione è presa', 'so quando ormai', 'ho scelto il giorno', 'sono sicuro', 'sono sicura',
                    'non si torna indietro', 'ormai è deciso'],
    },
    'crisis': {
        'direct': [
            '{hedge} {want} {die}', '{want} {die}', '{want} {die} {time}', 'mi ammazzo', 'mi voglio ammazzare [raga|giuro|]',
            'penso [sempre|spesso|] al suicidio', 'ho pensieri suicidi [di nuovo|]', 'voglio togliermi la vita', 'voglio morire [davvero|sul serio|]',
            'sono pront[o|a] a farla finita', 'stanotte mi uccido', 'la faccio finita',
        ],
        'passive': [
            'spero di non svegliarmi domani', '[sarebbe meglio|sarebbe un sollievo|non mi dispiacerebbe] se [domani non mi svegliassi|morissi|non ci fossi più|mi investisse un autobus]',
            'vorrei essere mort[o|a]', 'vorrei non essere mai nat[o|a]', 'non voglio più [esserci|vivere|svegliarmi|esistere]',
            'non voglio più andare avanti', 'voglio solo [dormire per sempre|smettere di esistere|sparire]', 'vivere o morire per me è uguale',
            'vorrei addormentarmi e non svegliarmi più', 'voglio che finisca tutto', 'non mi vedo [l\'anno prossimo|quest\'estate] [ancora vivo|ancora qui]',
        ],
        'burden': [
            'starebbero tutti meglio senza di me', 'sono solo un peso [per tutti|per la mia famiglia|]', 'finalmente si libererebbero di me',
            'nessuno sentirebbe la mia mancanza', 'a nessuno mancherei', 'la mia famiglia starebbe meglio se non ci fossi', 'il mondo starebbe meglio senza di me',
        ],
        'hopeless': [
            'non vedo più il senso [di vivere|di andare avanti|della vita]', 'nessun motivo per continuare a vivere', 'non posso più vivere così',
            'la vita non vale la pena', 'sono stanc[o|a] di vivere', 'a che serve vivere', 'non ho più niente per cui vivere', 'non ho futuro, ormai',
        ],
        'plan': [
            '{decided}. {time}', '{decided}, {time} vado a {do}', '{time} voglio {do}', '{time} è il giorno', '{time} la faccio finita',
            '{time} quando {person} non c\'è', 'ho pensato a come farlo', 'entro {time} sarà tutto finito', 'so come e quando, {time}',
            '{time}. non provare a fermarmi', 'ho già tutto pianificato, {time}', 'dopo {time} non sentirai più parlare di me',
        ],
        'prep': [
            'ho scritto [delle lettere|una lettera] per [tutti|{person}], sono nel cassetto', 'sto sistemando tutto così nessuno deve occuparsene',
            'ho dato {pet} a {person}, non mi servirà più', 'ho disdetto tutti gli abbonamenti e fatto testamento',
            'ho fatto testamento e scritto le password per {person}', 'ho pagato tutti i debiti così nessuno deve occuparsene',
            'ho regalato le mie cose, non mi servono più', 'è tutto in ordine, le carte sono sul tavolo per {person}',
            'ho salutato tutti e sistemato tutto', 'ho cancellato tutti i miei account e dato via {pet}',
        ],
        'means': [
            'sto mettendo da parte {pills} da [settimane|mesi|un po\']', 'ho [abbastanza|un sacco di|60] {pills} [nascoste|da parte|nel cassetto]',
            'sono [sul tetto|sul ponte|sul balcone|sui binari|sul cavalcavia|sulla scogliera|sul viadotto], guardo giù', 'sono [di nuovo|adesso|stanotte] [sul tetto|sul ponte|sul balcone|sui binari|sul bordo|sul tetto del parcheggio]', 'continuo a fissare {height}',
            'quanto è alto {height}', 'so dove sta {weapon}', 'ho comprato {weapon}', 'ho preso tutte le {pills}', 'ho ingoiato tutta la scatola',
            'sono qui con {weapon}', 'le {pills} sono pronte sul tavolo',
        ],
        'selfharm': [
            'mi sono tagliat[o|a] di nuovo', 'mi sono [tagliata|bruciata|picchiata|tagliato] [ancora|ieri sera|di nuovo]', 'ricaduta [dopo # mesi|ieri], [la lametta|mi sono tagliata]',
            'la voglia di tagliarmi è [fortissima|tornata]', 'è successo di nuovo, [c\'è sangue|la lametta|devo coprire le braccia]',
            'ho bisogno di farmi del male', 'ho tirato fuori di nuovo la lametta', 'ho le braccia piene di tagli', 'mi faccio del male di nuovo',
        ],
        'farewell': [
            'grazie di tutto. [scusatemi|abbiate cura di voi|addio]', 'prenditi cura di {pet} per favore', 'questo è un addio',
            'presto non dovrai più preoccuparti per me', 'volevo solo salutarti come si deve', 'di\' a {person} che le voglio bene e che mi dispiace',
            'scusate per tutto. addio', 'questo è il mio ultimo messaggio', 'vi voglio bene, non siate tristi',
        ],
    },
    'everyday': {
        'idiom': [
            '[questo caldo|quest\'esame|il lavoro|questa settimana] mi uccide', 'muoio di [fame|caldo|sonno|vergogna]', 'ucciderei per un caffè',
            'morto dal ridere', 'il telefono è morto [di nuovo|]', 'se ho un\'altra riunione mi butto dalla finestra ahah', 'quell\'esame mi ha ucciso',
            'il mio capo mi ammazza', 'sono stanco morto', 'ammazzo il tempo fino a {time}', 'sono distrutto', 'che figura, volevo sprofondare',
        ],
        'fiction': ['nel [film|libro|serie] il protagonista si butta dal ponte alla fine, ho pianto', 'il podcast sul delitto del tetto',
                    'il mio personaggio è morto di nuovo nel gioco'],
        'grief': ['{person} è mancato la settimana scorsa, il funerale è {time}', 'un anno che è morto il nonno, ho acceso una candela',
                  'ho scritto una lettera a mio padre morto per l\'anniversario'],
        'cooking': ['affilare il coltello e tagliare la cipolla', 'pulire il pesce e squamarlo', 'non far bruciare lo zucchero', 'spegnere il fuoco e lasciar riposare'],
        'other': [
            'ho preso le {pills} a colazione, una al giorno', 'ritirato la ricetta, 28 compresse, una al giorno', 'siamo saliti [sul tetto|sulla torre|sul campanile|in terrazza], vista pazzesca',
            'aperitivo in terrazza {time}', 'regalo il mio vecchio [divano|bici|vestiti] prima del trasloco', 'ho lasciato {pet} a {person} per le vacanze',
            'ho disdetto [netflix|la palestra|spotify], troppo caro', '{person} sta facendo testamento, solo burocrazia',
            'ultimo giorno in ufficio, ho salutato tutti', 'ciao a tutti, ci vediamo lunedì', '{decided} di licenziarmi',
            '{time} finalmente [faccio il bucato|pulisco casa|chiamo la banca]', 'quando i bambini dormono guardo un film',
            'ho finalmente estinto il prestito', 'ho sistemato le carte {time}',
        ],
        'distress': [
            'non ce la faccio più [con questo lavoro|con l\'uni|col traffico]', 'sono stanca di tutto, il lavoro, la casa, la gente',
            'bocciata di nuovo, mi sento stupida', 'mi ha lasciata e non smetto di piangere', 'mi sento un fallito', 'nessuno mi ha scritto tutto il weekend, che solitudine',
            'il capo mi ha urlato contro e ho pianto in bagno', 'attacco di panico in metro', 'odio il mio lavoro', 'va tutto storto questa settimana',
            'mi sento vuoto e stanco ultimamente', 'uccidetemi, un\'altra riunione', 'ho chiuso con lui, l\'ho bloccato',
        ],
    },
}
PIECES['pt'] = {
    'pre': [
        'dia longo no trabalho', 'o ônibus atrasou de novo', 'minha mãe ligou mais cedo', 'acabei de chegar em casa',
        'não consigo dormir de novo', 'são 3 da manhã e', 'o trampo foi ok', 'tô há horas no celular', 'jantei macarrão',
        'minha irmã veio aqui hoje', 'não para de chover', 'acabei o plantão', 'as crianças finalmente dormiram', 'segunda começam as provas',
        'fiquei horas no carro', 'enfim', 'então', 'não sei por que tô escrevendo isso mas', 'fui no mercado', 'levei o cachorro pra passear',
        'minha psicóloga tá de férias', 'vi um pouco de tv', 'hoje não fui na facul', 'mano', 'pá',
    ],
    'post': ['enfim', 'sei lá', 'kkk', 'tanto faz', 'é isso', 'boa noite', 'ok', 'e você como tá', 'desculpa o textão', 'rs', ':)', 'nada'],
    'hedge': ['sinceramente', 'honestamente', 'tipo', 'sei lá', 'acho que', 'na real', 'às vezes', 'de verdade', 'mano', 'pá', 'juro'],
    'slots': {
        'time': ['hoje à noite', 'hoje de noite', 'esse fim de semana', 'sábado', 'domingo', 'depois do enterro', 'quando as crianças dormirem',
                 'quando todo mundo tiver no trabalho', 'depois do meu aniversário', 'quando minha mulher tiver na mãe dela', 'sexta à noite',
                 'antes do natal', 'amanhã cedo', 'quando meus pais viajarem', 'no fim do mês', 'depois do pagamento', 'às 2',
                 'quando a casa tiver vazia', 'semana que vem', 'depois das provas'],
        'person': ['mãe', 'minha mãe', 'minha irmã', 'meu irmão', 'pai', 'meu melhor amigo', 'meus filhos', 'minha namorada',
                   'meu marido', 'a vó', 'meu colega de casa'],
        'pet': ['o gato', 'meu gato', 'o cachorro', 'meu cachorro', 'meu coelho', 'o hamster', 'meus peixes'],
        'pills': ['comprimidos', 'remédios', 'pílulas', 'meus antidepressivos', 'remédio pra dormir', 'calmantes', 'os remédios da minha vó',
                  'insulina', 'rivotril', 'paracetamol'],
        'height': ['a ponte', 'o telhado', 'o terraço do prédio', 'o penhasco', 'os trilhos', 'o viaduto', 'a varanda',
                   'a janela do 9º andar', 'o prédio', 'a beirada', 'a plataforma', 'o mirante', 'a laje'],
        'weapon': ['a corda', 'uma corda', 'a faca', 'a lâmina', 'a gilete', 'a arma do meu pai', 'o revólver', 'um cinto', 'o carvão'],
        'die': ['morrer', 'estar morto', 'estar morta', 'não estar mais aqui', 'deixar de existir', 'sumir pra sempre', 'dormir pra sempre',
                'não acordar', 'acabar com tudo', 'me matar', 'tirar a minha vida', 'me suicidar', 'não existir', 'dormir e não acordar mais',
                'ir embora pra sempre', 'sumir', 'partir dessa pra melhor'],
        'want': ['quero', 'queria', 'eu queria', 'tenho vontade de', 'só quero', 'penso em', 'vou', 'preciso', 'prefiro', 'me dá vontade de'],
        'do': ['fazer isso', 'acabar com tudo', 'me matar', 'ir embora', 'pular', 'sumir', 'tirar minha vida', 'dar um fim nisso'],
        'decided': ['já decidi', 'tá decidido', 'decisão tomada', 'já sei quando', 'já escolhi o dia', 'tenho certeza', 'não tem volta', 'tá resolvido'],
    },
    'crisis': {
        'direct': [
            '{hedge} {want} {die}', '{want} {die}', '{want} {die} {time}', 'vou me matar', 'quero me matar [mano|pá|]', 'penso [toda hora|muito|] em suicídio',
            'tô com pensamentos suicidas [de novo|]', 'quero tirar a minha vida', 'quero morrer [de verdade|sério|]', 'tô pront[o|a] pra acabar com tudo',
            'hoje eu me mato', 'vou dar um fim na minha vida',
        ],
        'passive': [
            'espero não acordar amanhã', '[seria um alívio|tava ótimo|não ia me importar] se eu [não acordasse amanhã|morresse|não estivesse mais aqui|fosse atropelado]',
            'queria estar mort[o|a]', 'queria nunca ter nascido', 'não quero mais [estar aqui|viver|acordar|existir]', 'não quero mais continuar',
            'só quero [dormir pra sempre|deixar de existir|sumir]', 'tanto faz viver ou morrer', 'queria dormir e não acordar mais', 'quero que tudo acabe',
            'não me vejo [ano que vem|no verão] [vivo|viva|aqui]',
        ],
        'burden': [
            'todo mundo ia ficar melhor sem mim', 'sou só um peso [pra todo mundo|pra minha família|]', 'finalmente iam se livrar de mim',
            'ninguém ia sentir minha falta', 'minha família ficaria melhor se eu não estivesse aqui', 'o mundo seria melhor sem mim',
        ],
        'hopeless': [
            'não vejo mais sentido [em viver|na vida|em continuar]', 'nenhum motivo pra continuar vivendo', 'não dá mais pra viver assim',
            'a vida não vale a pena', 'tô cansad[o|a] de viver', 'pra que viver', 'não tenho mais nada pelo que viver', 'não tenho futuro, acabou',
        ],
        'plan': [
            '{decided}. {time}', '{decided}, {time} eu vou {do}', '{time} eu vou {do}', '{time} é o dia', '{time} eu acabo com tudo',
            '{time} quando {person} não tiver', 'já pensei em como fazer', 'até {time} tudo vai ter acabado', 'sei como e quando, {time}',
            '{time}. não tenta me impedir', 'já planejei tudo, {time}', 'depois de {time} você não vai mais ter notícia minha',
        ],
        'prep': [
            'escrevi [cartas|uma carta] pra [todo mundo|{person}], tão na gaveta', 'tô deixando tudo organizado pra ninguém ter que resolver',
            'dei {pet} pra {person}, não vou mais precisar', 'cancelei todas as assinaturas e fiz o testamento',
            'fiz o testamento e anotei as senhas pra {person}', 'paguei todas as dívidas pra ninguém ter que pagar',
            'doei minhas coisas, não preciso mais', 'tá tudo resolvido, os papéis tão na mesa pra {person}',
            'já me despedi de todo mundo e arrumei tudo', 'apaguei todas as minhas contas e dei {pet}',
        ],
        'means': [
            'tô guardando {pills} faz [semanas|meses|tempo]', 'tenho [bastante|um monte de|60] {pills} [guardados|escondidos|na gaveta]',
            'tô em {height} olhando pra baixo', 'tô [de novo|agora|hoje à noite] em {height}', 'não paro de olhar {height}', 'qual a altura d{height}',
            'sei onde fica {weapon}', 'comprei {weapon}', 'tomei todos os {pills}', 'engoli a caixa inteira', 'tô aqui com {weapon}', 'os {pills} já tão separados',
        ],
        'selfharm': [
            'me cortei de novo', 'me [cortei|queimei|bati] [de novo|ontem à noite|outra vez]', 'recaí [depois de # meses|ontem], [a lâmina|me cortei]',
            'a vontade de me cortar tá [muito forte|de volta]', 'aconteceu de novo, [tem sangue|a gilete|tenho que esconder os braços]',
            'preciso me machucar', 'peguei a gilete de novo', 'meus braços tão cheios de cortes', 'me automutilei de novo',
        ],
        'farewell': [
            'obrigado por tudo. [me desculpem|se cuidem|adeus]', 'cuida [do gato|do meu gato|do cachorro|do meu cachorro|dos meus peixes|da minha gata] por favor', 'isso é uma despedida',
            'logo você não vai mais precisar se preocupar comigo', 'só queria me despedir direito', 'diz pra {person} que eu amo ela e que sinto muito',
            'desculpa por tudo. adeus', 'essa é minha última mensagem', 'amo vocês, não fiquem tristes',
        ],
    },
    'everyday': {
        'idiom': [
            '[esse calor|essa prova|o trabalho|essa semana] tá me matando', 'tô morrendo de [fome|rir|sono|vergonha]', 'eu mataria por um café',
            'morri de rir', 'o celular morreu [de novo|]', 'se tiver mais uma reunião eu pulo da janela kkk', 'essa prova me matou',
            'meu chefe vai me matar', 'tô morto de cansaço', 'matando tempo até {time}', 'tô acabado', 'que vergonha, queria sumir kkk',
        ],
        'fiction': ['na [novela|série|filme] o vilão se jogou da ponte no final, chorei', 'o podcast do crime no terraço',
                    'meu personagem morreu de novo no jogo'],
        'grief': ['{person} faleceu semana passada, o enterro é {time}', 'faz um ano que o vô morreu, acendi uma vela',
                  'escrevi uma carta pro meu pai que faleceu, no aniversário de morte'],
        'cooking': ['afiar a faca e cortar a cebola', 'abrir o peixe e limpar', 'não deixar o açúcar queimar', 'desligar o fogo e deixar descansar'],
        'other': [
            'tomei meus {pills} no café da manhã, um por dia', 'peguei a receita, 28 comprimidos, um por dia', 'subimos n{height}, vista linda',
            'cerveja no terraço {time}', 'tô doando meu [sofá|bicicleta|roupas] velho antes da mudança', 'deixei {pet} com {person} nas férias',
            'cancelei [netflix|a academia|spotify], muito caro', '{person} tá fazendo o testamento, só papelada',
            'último dia no trampo, me despedi de todo mundo', 'tchau gente, até segunda', '{decided}, vou pedir demissão',
            '{time} finalmente vou [lavar a roupa|limpar a casa|ligar pro banco]', 'quando as crianças dormirem vou ver um filme',
            'finalmente quitei o empréstimo', 'arrumei meus papéis {time}',
        ],
        'distress': [
            'não aguento mais [esse trabalho|a facul|o trânsito]', 'tô cansada de tudo, trabalho, casa, gente',
            'reprovei de novo, me sinto burra', 'ele terminou comigo e não paro de chorar', 'me sinto um fracasso', 'ninguém me mandou mensagem no fim de semana, que solidão',
            'meu chefe gritou comigo e chorei no banheiro', 'tive uma crise de pânico no metrô', 'odeio meu trabalho', 'tudo dando errado essa semana',
            'me sinto vazio e cansado ultimamente', 'me matem, mais uma reunião', 'terminei com ele, bloqueei ele',
        ],
    },
}


CATEGORY_SHARE = {
    # everyday categories and their weights: the slot words in harmless sentences ('other')
    # and hard days weigh most, since they are what a crisis is told beside.
    'idiom': 4, 'other': 6, 'distress': 4, 'fiction': 1, 'grief': 1, 'cooking': 1,
}
MIXED_SHARE = 0.08           # a crisis core in English inside a message in another language


def expand(template, pieces, rng):
    """The template with [a|b] choices made and {slots} filled, innermost first."""
    text = template
    for _ in range(20):
        changed = False
        if '{' in text:
            def slot(match):
                name = match.group(1)
                if name == 'hedge':
                    return rng.choice(pieces['hedge'])
                return rng.choice(pieces['slots'][name])
            text, n = re.subn(r'\{(\w+)\}', slot, text)
            changed = changed or n > 0
        text, n = re.subn(r'\[([^\[\]]*)\]', lambda m: rng.choice(m.group(1).split('|')), text)
        changed = changed or n > 0
        if not changed:
            break
    text = re.sub(r'#', lambda m: str(rng.randint(2, 11)), text)
    return re.sub(r'\s+', ' ', text).strip(' ,')


def strip_accents(text):
    return ''.join(c for c in unicodedata.normalize('NFKD', text) if not unicodedata.combining(c))


def typo(word, rng):
    """One slip of the fingers in a word of five letters or more."""
    if len(word) < 5 or not word.isalpha():
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == 1:
        return word[:i] + word[i + 1:]
    return word[:i] + word[i] + word[i:]


def noise(text, rng):
    """As people type at night: no accents, no punctuation, a typo, a stretched word, a capital."""
    if rng.random() < 0.35:
        text = strip_accents(text)
    if rng.random() < 0.4:
        text = re.sub(r"[.,!?;:]", '', text)
    words = text.split(' ')
    if rng.random() < 0.3:
        i = rng.randrange(len(words))
        words[i] = typo(words[i], rng)
    if rng.random() < 0.1:
        i = rng.randrange(len(words))
        if words[i][-1:].isalpha():
            words[i] = words[i] + words[i][-1] * rng.randint(2, 4)
    text = ' '.join(words)
    if rng.random() < 0.2:
        text = text[:1].upper() + text[1:]
    if rng.random() < 0.15:
        text += rng.choice(['...', '!!', '.', ' ..', '?'])
    return text


def wrap(core, pieces, rng):
    """The core inside an everyday sentence, or alone."""
    parts = []
    if rng.random() < 0.5:
        parts.append(rng.choice(pieces['pre']) + rng.choice([',', '.', '', ' -', '...']))
    if rng.random() < 0.2:
        parts.append(rng.choice(pieces['hedge']))
    parts.append(core)
    if rng.random() < 0.3:
        parts.append(rng.choice([',', '.', '']) + ' ' + rng.choice(pieces['post']))
    return re.sub(r'\s+([,.])', r'\1', ' '.join(parts)).replace(' ,', ',')


def generate(language, count=PER_LANGUAGE):
    """count crisis and count everyday messages for language, as the labelled files have them."""
    pieces = PIECES[language]
    rng = random.Random('%s-%d' % (language, SEED))
    crisis_categories = list(pieces['crisis'])
    everyday_categories = [c for c in pieces['everyday'] for _ in range(CATEGORY_SHARE[c])]
    messages, seen = [], set()
    for label in ('crisis', 'everyday'):
        made, tries = 0, 0
        while made < count and tries < count * 20:
            tries += 1
            source = pieces
            if language != 'en' and rng.random() < MIXED_SHARE:
                source = PIECES['en']
            if label == 'crisis':
                category = crisis_categories[made % len(crisis_categories)]
                templates = source['crisis'][category]
            else:
                category = rng.choice(everyday_categories)
                templates = source['everyday'][category]
            core = expand(rng.choice(templates), source, rng)
            text = noise(wrap(core, pieces, rng), rng)
            if text in seen:
                continue
            seen.add(text)
            made += 1
            messages.append({'id': '%s-g%04d' % (language, len(messages) + 1), 'label': label,
                             'category': category if source is pieces else 'mixed', 'half': 'generated', 'text': text})
    return messages


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--language', choices=LANGUAGES, action='append')
    parser.add_argument('--count', type=int, default=PER_LANGUAGE)
    args = parser.parse_args()
    for language in args.language or LANGUAGES:
        for message in generate(language, args.count):
            print(json.dumps(message, ensure_ascii=False))
    return 0


if __name__ == '__main__':
    sys.exit(main())
