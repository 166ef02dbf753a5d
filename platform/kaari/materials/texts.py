"""Kaari's own texts of the material pack, in Finnish, Swedish and English.

A network may replace any section's text with its own (PackSection.text); where it
has none in a language, these are used. They are written in plain language for
the participants, in Markdown.
"""

# ruff: noqa: RUF001 (an en dash belongs in number ranges in all three languages)

from __future__ import annotations

# The sections of the pack in their default order.
SECTION_KEYS = (
    "model",
    "roles",
    "first_meeting",
    "themes",
    "network_map",
    "ways_of_working",
    "agreement",
    "diary",
    "contacts",
)

HEADINGS: dict[str, dict[str, str]] = {
    "model": {
        "fi": "Mentorointimalli ja mentorointikaari",
        "sv": "Mentorskapsmodellen och mentorskapsbågen",
        "en": "The mentoring model and the arc",
    },
    "roles": {
        "fi": "Hyvä aktori, hyvä mentori",
        "sv": "En god aktör, en god mentor",
        "en": "A good actor, a good mentor",
    },
    "first_meeting": {
        "fi": "Ennen ensimmäistä paritapaamista",
        "sv": "Inför den första parträffen",
        "en": "Preparing for the first pair meeting",
    },
    "themes": {
        "fi": "Teemoja paritapaamisiin",
        "sv": "Teman för parträffarna",
        "en": "Themes for pair meetings",
    },
    "network_map": {
        "fi": "Harjoitus: verkostokartta",
        "sv": "Övning: nätverkskarta",
        "en": "Exercise: a network map",
    },
    "ways_of_working": {
        "fi": "Näin pari voi työskennellä",
        "sv": "Så kan paret arbeta",
        "en": "Ways of working for a pair",
    },
    "agreement": {
        "fi": "Mentorointisopimus",
        "sv": "Mentorskapsavtal",
        "en": "Mentoring agreement",
    },
    "diary": {
        "fi": "Mentorointipäiväkirja",
        "sv": "Mentorskapsdagbok",
        "en": "Mentoring diary",
    },
    "contacts": {
        "fi": "Koordinaattorin yhteystiedot",
        "sv": "Koordinatorns kontaktuppgifter",
        "en": "The coordinator's contact details",
    },
}

TEXTS: dict[str, dict[str, str]] = {
    "model": {
        "fi": """\
Työuramentoroinnissa kaksi ihmistä tapaa tasavertaisina. **Aktori** etsii työtä omalta
alaltaan Suomessa. **Mentori** työskentelee samalla tai läheisellä alalla ja jakaa
tietonsa ja verkostonsa vapaaehtoisesti.

**Mitä mentorointi ei ole**

- Mentorointi ei ole työnvälitystä: mentori ei etsi aktorille työpaikkaa. Tavoite on,
  että aktori löytää oman tiensä koulutustaan vastaavaan työhön.
- Mentorointi ei ole ystävätoimintaa. Pari voi tulla hyvin toimeen, mutta tapaamisilla
  on tavoite: aktorin työura.
- Mentori kertoo oman näkemyksensä, mutta aktori päättää itse. Aktori saa kyseenalaistaa
  mentorin ehdotukset ja sanoa, jos jokin ei sovi hänelle.

Mentorointikaari kestää 8–10 kuukautta:

1. **Alkutapaaminen**: tutustutaan, kirjoitetaan ja allekirjoitetaan sopimus.
2. **Paritapaamiset**: pari tapaa 1–2 kertaa kuukaudessa, mieluiten suomeksi.
3. **Välitapaaminen**: 4–5 kuukauden kohdalla koko ryhmä tapaa ja vaihtaa kokemuksia.
4. **Lopputapaaminen**: katsotaan yhdessä, mitä on saavutettu, ja annetaan palautetta.

Lisäksi järjestetään koulutusiltoja ja yhteisiä tapahtumia.""",
        "sv": """\
I karriärmentorskap möts två människor som jämlikar. **Aktören** söker arbete inom
sitt eget område i Finland. **Mentorn** arbetar inom samma eller ett närliggande
område och delar frivilligt med sig av sin kunskap och sina nätverk.

**Vad mentorskap inte är**

- Mentorskap är ingen arbetsförmedling: mentorn söker inte arbete åt aktören. Målet är
  att aktören hittar sin egen väg till ett arbete som motsvarar utbildningen.
- Mentorskap är ingen vänverksamhet. Paret kan trivas bra tillsammans, men träffarna
  har ett mål: aktörens yrkesbana.
- Mentorn berättar vad hen tycker, men aktören bestämmer själv. Aktören får ifrågasätta
  mentorns förslag och säga till om något inte passar hen.

Mentorskapsbågen varar i 8–10 månader:

1. **Startträffen**: ni lär känna varandra, skriver och undertecknar avtalet.
2. **Parträffarna**: paret träffas 1–2 gånger i månaden, gärna på finska.
3. **Mellanträffen**: efter 4–5 månader träffas hela gruppen och delar erfarenheter.
4. **Slutträffen**: ni ser tillsammans vad ni har nått och ger respons.

Dessutom ordnas utbildningskvällar och gemensamma evenemang.""",
        "en": """\
In career mentoring two people meet as equals. The **actor** is looking for work in
their own field in Finland. The **mentor** works in the same or a nearby field and
shares what they know, and their networks, as a volunteer.

**What mentoring is not**

- Mentoring is not job placement: the mentor does not find the actor a job. The aim is
  that the actor finds their own way to work that matches their education.
- Mentoring is not a befriending activity. The pair may get on well, but the meetings
  have a goal: the actor's career.
- The mentor gives their view, but the actor decides. The actor may question the
  mentor's suggestions and say when something does not suit them.

The mentoring arc lasts 8–10 months:

1. **Kick-off meeting**: you get to know each other, write and sign the agreement.
2. **Pair meetings**: the pair meets once or twice a month, in Finnish if you can.
3. **Mid-point meeting**: after 4–5 months the whole group meets to share experiences.
4. **Final meeting**: together you look at what you reached and give feedback.

There are also training evenings and social events.""",
    },
    "roles": {
        "fi": """\
**Hyvä aktori**

- tietää, mitä haluaa, ja kertoo sen mentorille
- tekee sovitut kotitehtävät ja pitää yhteyttä
- kysyy rohkeasti ja puhuu suomea aina kun voi
- muistaa, että työn löytäminen on oma tehtävä; mentori auttaa matkalla

**Hyvä mentori**

- kuuntelee ja kysyy ennen kuin neuvoo
- kertoo työelämän kirjoittamattomista säännöistä
- esittelee aktorin omille verkostoilleen, kun se sopii
- voi toimia suosittelijana, jos tuntee aktorin työn hyvin
- pitää luottamukselliset asiat omana tietonaan""",
        "sv": """\
**En god aktör**

- vet vad hen vill och berättar det för mentorn
- gör de hemuppgifter ni kommit överens om och håller kontakten
- frågar modigt och talar finska när det går
- minns att det är hens egen uppgift att hitta arbete; mentorn hjälper på vägen

**En god mentor**

- lyssnar och frågar innan hen ger råd
- berättar om arbetslivets oskrivna regler
- presenterar aktören för sina egna nätverk när det passar
- kan vara referens om hen känner aktörens arbete väl
- håller förtroliga saker för sig själv""",
        "en": """\
**A good actor**

- knows what they want and tells the mentor
- does the agreed homework and keeps in touch
- asks boldly and speaks Finnish whenever possible
- remembers that finding work is their own task; the mentor helps along the way

**A good mentor**

- listens and asks before giving advice
- explains the unwritten rules of working life
- introduces the actor to their own networks when it fits
- can act as a referee if they know the actor's work well
- keeps confidential things to themselves""",
    },
    "first_meeting": {
        "fi": """\
Ensimmäisessä paritapaamisessa tutustutte ja sovitte, miten teette yhteistyötä.
Valmistautukaa molemmat etukäteen.

**Aktori, mieti ennen tapaamista**

- mitä haluat saavuttaa mentoroinnin aikana
- mitä osaat ja mitä olet tehnyt: ota CV mukaan
- mistä haluat puhua ensin
- milloin ja missä sinun on helppo tavata

**Mentori, mieti ennen tapaamista**

- miten kerrot lyhyesti omasta urastasi ja työpaikastasi
- keitä verkostossasi aktorin voisi olla hyvä tavata
- kuinka paljon aikaa voit antaa kuukaudessa

**Sopikaa yhdessä**

- kuinka usein ja missä tapaatte ja miten pidätte yhteyttä tapaamisten välillä
- millä kielellä puhutte: monelle aktorille suomen harjoittelu on tärkeää
- että tapaamisissa puhutut asiat jäävät teidän välillenne
- mistä aloitatte: käykää läpi sopimukseen kirjatut tavoitteet
- seuraavan tapaamisen päivä ja aihe""",
        "sv": """\
På den första parträffen lär ni känna varandra och kommer överens om hur ni ska
arbeta. Förbered er båda i förväg.

**Aktören, fundera före träffen på**

- vad du vill uppnå under mentorskapet
- vad du kan och vad du har gjort: ta med ditt CV
- vad du vill tala om först
- när och var det är lätt för dig att träffas

**Mentorn, fundera före träffen på**

- hur du kort berättar om din karriär och din arbetsplats
- vem i ditt nätverk det kunde vara bra för aktören att träffa
- hur mycket tid du kan ge i månaden

**Kom överens tillsammans om**

- hur ofta och var ni träffas och hur ni håller kontakten mellan träffarna
- vilket språk ni talar: för många aktörer är det viktigt att öva finska
- att det ni talar om på träffarna stannar mellan er
- var ni börjar: gå igenom målen som ni skrev in i avtalet
- datum och ämne för nästa träff""",
        "en": """\
At the first pair meeting you get to know each other and agree on how you will work
together. Both of you prepare in advance.

**Actor, think before the meeting about**

- what you want to reach during the mentoring
- what you know and what you have done: bring your CV
- what you want to talk about first
- when and where it is easy for you to meet

**Mentor, think before the meeting about**

- how to tell briefly about your career and your workplace
- whom in your network it could be good for the actor to meet
- how much time you can give each month

**Agree together on**

- how often and where you meet, and how you keep in touch between meetings
- which language you speak: for many actors, practising Finnish matters
- that what you talk about in the meetings stays between you
- where you start: go through the goals you wrote in the agreement
- the date and topic of the next meeting""",
    },
    "themes": {
        "fi": """\
Valitkaa yhdessä, mistä puhutte. Esimerkkejä:

- **Osaamisen esittely**: miten kerron koulutuksestani ja kokemuksestani lyhyesti?
- **CV ja hakemukset**: käykää läpi ansioluettelo ja yksi oikea hakemus.
- **Työnhaun kanavat**: missä alan työpaikat ilmoitetaan, ja mitkä täytetään ilman ilmoitusta?
- **Verkostot**: keihin kannattaa ottaa yhteyttä? Tehkää verkostokartta.
- **Alan sanasto**: kerätkää tärkeät sanat ja harjoitelkaa niitä.
- **Työelämän kirjoittamattomat säännöt**: kahvitauot, palaverit, sähköpostit, palaute.

**Teema: suomalainen CV ja työhakemus**

Suomessa hakemukset näyttävät usein erilaisilta kuin muualla. Käykää yhdessä läpi:

- **CV** on yleensä 1–2 sivua. Uusin työ ja koulutus ensin. Kuva, syntymäaika ja
  perhetiedot eivät ole pakollisia.
- **Kielitaito** kerrotaan tasoina, esimerkiksi "suomi: hyvä (B1)".
- **Työhakemus** on lyhyt, noin sivun mittainen. Kerro siinä, miksi haet juuri tätä
  työtä ja mitä osaamista tuot. Kirjoita jokaiseen paikkaan oma hakemus.
- **Avoin hakemus** on tavallinen: voit kysyä työtä myös silloin, kun paikkaa ei ole
  ilmoitettu.
- **Suosittelijat**: kerro, keneltä työnantaja voi kysyä sinusta. Kysy ensin lupa.
- **Ulkomainen tutkinto**: selvittäkää, tarvitaanko tutkinnon tunnustaminen
  (Opetushallitus).
- Mentori voi lukea CV:n ja hakemuksen työnantajan silmin ja kertoa, mitä alalla
  odotetaan.""",
        "sv": """\
Välj tillsammans vad ni talar om. Exempel:

- **Att presentera sin kompetens**: hur berättar jag kort om min utbildning och erfarenhet?
- **CV och ansökningar**: gå igenom CV:t och en riktig ansökan.
- **Kanaler för jobbsökning**: var annonseras jobben inom området, och vilka tillsätts utan annons?
- **Nätverk**: vem lönar det sig att kontakta? Gör en nätverkskarta.
- **Fackord**: samla viktiga ord och öva dem.
- **Arbetslivets oskrivna regler**: kaffepauser, möten, e-post, respons.

**Tema: finländskt CV och arbetsansökan**

I Finland ser ansökningar ofta annorlunda ut än på andra håll. Gå igenom tillsammans:

- **CV:t** är oftast 1–2 sidor. Det senaste arbetet och den senaste utbildningen först.
  Foto, födelsedatum och familjeuppgifter är inte obligatoriska.
- **Språkkunskaper** anges som nivåer, till exempel "finska: goda (B1)".
- **Arbetsansökan** är kort, ungefär en sida. Berätta varför du söker just det här
  arbetet och vilket kunnande du har att ge. Skriv en egen ansökan till varje
  arbetsplats.
- **Öppna ansökningar** är vanliga: du kan fråga efter arbete också när ingen plats
  har annonserats.
- **Referenser**: berätta vem arbetsgivaren kan fråga om dig. Be först om lov.
- **Utländsk examen**: ta reda på om examen behöver erkännas (Utbildningsstyrelsen).
- Mentorn kan läsa CV:t och ansökan med arbetsgivarens ögon och berätta vad man
  väntar sig inom området.""",
        "en": """\
Choose together what you talk about. Examples:

- **Presenting your skills**: how do I tell briefly about my education and experience?
- **CV and applications**: go through the CV and one real application.
- **Job-search channels**: where are jobs in the field advertised, and which are filled without an advert?
- **Networks**: whom is it worth contacting? Draw a network map.
- **Vocabulary of the field**: collect the important words and practise them.
- **Unwritten rules of working life**: coffee breaks, meetings, emails, feedback.

**Theme: a Finnish CV and job application**

Applications in Finland often look different from elsewhere. Go through these together:

- **The CV** is usually 1–2 pages, the latest job and education first. A photo, the
  date of birth and family details are not required.
- **Language skills** are given as levels, for example "Finnish: good (B1)".
- **The application letter** is short, about one page. Say why you apply for this very
  job and what you bring. Write a new letter for each job.
- **Open applications** are common: you may ask for work even when no job has been
  advertised.
- **Referees**: say whom the employer may ask about you. Ask the referee first.
- **A foreign degree**: find out whether it needs to be recognised (the Finnish
  National Agency for Education).
- The mentor can read the CV and the letter with an employer's eyes and tell what the
  field expects.""",
    },
    "network_map": {
        "fi": """\
Moni työpaikka löytyy tuttujen kautta. Verkostokartta näyttää, keitä jo tunnet.

1. Kirjoita oma nimesi keskelle.
2. Kirjoita ympärille ihmisiä: perhe ja ystävät, opiskelu, entiset työt, harrastukset, naapurit.
3. Vedä viiva niihin, jotka tuntevat alasi ihmisiä.
4. Valitse mentorin kanssa kolme ihmistä, joihin otat yhteyttä ennen seuraavaa tapaamista.""",
        "sv": """\
Många jobb hittas via bekanta. Nätverkskartan visar vem du redan känner.

1. Skriv ditt eget namn i mitten.
2. Skriv människor runt omkring: familj och vänner, studier, tidigare arbeten, hobbyer, grannar.
3. Dra ett streck till dem som känner människor inom ditt område.
4. Välj tillsammans med mentorn tre personer som du kontaktar före nästa träff.""",
        "en": """\
Many jobs are found through people you know. A network map shows whom you already know.

1. Write your own name in the middle.
2. Write people around it: family and friends, studies, past jobs, hobbies, neighbours.
3. Draw a line to those who know people in your field.
4. With your mentor, choose three people to contact before your next meeting.""",
    },
    "ways_of_working": {
        "fi": """\
- Sopikaa seuraava tapaaminen aina ennen kuin lähdette.
- Tavatkaa eri paikoissa: kahvila, kirjasto, mentorin työpaikka, alan tapahtuma.
- Antakaa toisillenne pieniä kotitehtäviä, esimerkiksi yksi hakemus tai yksi puhelu.
- Harjoitelkaa työhaastattelua roolileikkinä.
- Käykää yhdessä alan messuilla tai seminaarissa.
- Kirjoittakaa päiväkirjaan lyhyesti, mitä teitte ja mitä seuraavaksi.""",
        "sv": """\
- Kom alltid överens om nästa träff innan ni går.
- Träffas på olika ställen: kafé, bibliotek, mentorns arbetsplats, ett evenemang inom området.
- Ge varandra små hemuppgifter, till exempel en ansökan eller ett samtal.
- Öva en anställningsintervju som rollspel.
- Gå tillsammans på en mässa eller ett seminarium inom området.
- Skriv kort i dagboken vad ni gjorde och vad som kommer härnäst.""",
        "en": """\
- Always agree on the next meeting before you leave.
- Meet in different places: a café, a library, the mentor's workplace, an event in the field.
- Give each other small homework, for example one application or one phone call.
- Practise a job interview as a role play.
- Go together to a fair or a seminar in the field.
- Write briefly in the diary what you did and what comes next.""",
    },
    "agreement": {
        "fi": """\
Kirjoittakaa sopimus yhdessä alkutapaamisessa. Sopimus auttaa muistamaan, mitä
tavoittelette. Voitte muuttaa sitä myöhemmin, kun molemmat hyväksyvät muutoksen.""",
        "sv": """\
Skriv avtalet tillsammans på startträffen. Avtalet hjälper er att minnas vad ni
strävar efter. Ni kan ändra det senare när båda godkänner ändringen.""",
        "en": """\
Write the agreement together at the kick-off meeting. It helps you remember what you
are aiming for. You can change it later when both of you accept the change.""",
    },
    "diary": {
        "fi": """\
Päiväkirja on teitä varten. Kirjoittakaa jokaisesta tapaamisesta muutama rivi.
Koordinaattori voi pyytää lukea sen vain, jos molemmat antavat luvan.""",
        "sv": """\
Dagboken är till för er. Skriv några rader om varje träff. Koordinatorn kan be att
få läsa den bara om båda ger sitt tillstånd.""",
        "en": """\
The diary is for you. Write a few lines about each meeting. The coordinator may ask
to read it only if both of you allow it.""",
    },
    "contacts": {
        "fi": "Ota yhteyttä koordinaattoriin, jos sinulla on kysyttävää tai jos parisi ei tapaa.",
        "sv": "Kontakta koordinatorn om du har frågor eller om ert par inte träffas.",
        "en": "Contact the coordinator if you have questions or if your pair is not meeting.",
    },
}
