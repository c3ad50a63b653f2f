"""Word lists of English business news that the rules share. Lower case; true of news writing in general."""

# Words that end a company's name ("Korvan Motors", "Union Carbide Corp").
CORE_DESIGNATORS = frozenset(
    """inc inc. corp corp. corporation co co. company cos ltd ltd. limited llc lp plc ag sa se nv bv spa s.p.a.
    gmbh kg oyj asa ab group holdings holding motors motor automotive auto technologies technology tech
    industries international enterprises partners capital bancorp bank financial airlines airways systems
    pharmaceuticals energy resources networks labs laboratories electronics communications semiconductor
    kk bhd berhad tbk oy pty spa s.a. n.v. a.g. cos. corp. co. inc. ltd. plc. l.p. llc. srl sarl automobiles automobili
    fonder veículos veiculos automóveis vehiculos sab sl""".split()
)
# Industry words that end a name ("Velmora Pharma", "Korvan Mining Plc") but also start one or stand for it
# alone ("Telecom" for "Telecom Plus International"), so a word of these alone is still a name.
INDUSTRY_DESIGNATORS = frozenset(
    """pharma therapeutics biologics biosciences minerals mining metals foods brands broadcasting securities
    microelectronics semiconductors shipping logistics telecom chemicals insurance media line lines maritime investments
    ventures properties research advisors advisers consulting entertainment markets mobility air""".split()
)
COMPANY_DESIGNATORS = CORE_DESIGNATORS | INDUSTRY_DESIGNATORS
# The endings that only incorporated companies have.
LEGAL_FORMS = frozenset("inc inc. corp corp. co co. ltd ltd. plc llc lp ag sa se nv bv spa gmbh oyj asa ab kk bhd tbk oy pty sab sl".split())
# Legal forms that are one only as registries write them: "Corvaro Tessuti SpA", "Brandt Armaturen GmbH", Norway's and
# Denmark's "Fjord Kapital AS" (in any other case "as" is a common word).
EXACT_LEGAL_FORMS = frozenset({"SpA", "GmbH", "AS", "A/S"})


# Where a legal form says a company is from, as a reader knows it: "Lindqvist Pharma AB" is the Swedish drugmaker.
LEGAL_FORM_NATIONALITIES = {
    "ab": {"Swedish"}, "oyj": {"Finnish"}, "oy": {"Finnish"}, "asa": {"Norwegian"}, "as": {"Norwegian", "Danish"},
    "a/s": {"Danish"}, "gmbh": {"German", "Austrian"}, "ag": {"German", "Swiss", "Austrian"}, "kg": {"German"},
    "spa": {"Italian"}, "s.p.a.": {"Italian"}, "srl": {"Italian"}, "nv": {"Dutch", "Belgian"}, "bv": {"Dutch"},
    "kk": {"Japanese"}, "plc": {"British", "Irish"}, "bhd": {"Malaysian"}, "berhad": {"Malaysian"},
    "tbk": {"Indonesian"}, "pty": {"Australian", "South African"}, "sab": {"Mexican"}, "sl": {"Spanish"},
    "sarl": {"French"}, "se": {"European", "German"},
}


def is_exact_legal_form(word: str) -> bool:
    return word in EXACT_LEGAL_FORMS


def legal_form_spellings() -> frozenset[str]:
    """Each legal form as news writes it: "Plc" and "PLC", "Kk" and "KK", "Oyj", "SpA"."""
    bare = [f for f in LEGAL_FORMS if "." not in f]
    # British usage writes "plc" in lower case: "Aldwych Systems plc"
    return frozenset({f.title() for f in bare} | {f.upper() for f in bare} | EXACT_LEGAL_FORMS | {"plc"})
# A designator only when it follows another name word; "International" alone is not a company.
WEAK_DESIGNATORS = frozenset({"international", "capital", "partners", "energy", "resources", "technology", "tech",
                              "media", "line", "lines", "maritime", "investments", "ventures", "properties", "research",
                              "advisors", "advisers", "consulting", "entertainment", "markets", "mobility", "air"})
# Words that open a company's name in the languages of European and Latin American business: "Banca Orsolina", "Grupo
# Televisa", the industry words of Spanish, Portuguese and Italian names ("Seguros X", "Cementos X"), which news drops.
LEADING_DESIGNATORS = frozenset("""banca banco banque grupo groupe gruppo compagnie compañía companhia société sociedad
    seguros caixa cementos aceros industrias laboratorios transportes inversiones construcciones petróleos assicurazioni
    empresas""".split())

# Lower-case words inside Romance and Dutch names: "Eólica del Norte SL", "Banco do Vale", "Van der Berg NV".
NAME_PARTICLES = ["de", "del", "della", "di", "da", "do", "dos", "das", "du", "des", "der", "den", "van", "von", "y", "e"]

# Nouns that name a kind of company: "automaker FAW", "the EV maker", "Leapmotor, a profitable upstart automaker".
COMPANY_NOUNS = frozenset(
    """company companies firm firms maker makers automaker automakers carmaker carmakers manufacturer
    manufacturers group conglomerate startup start-up upstart bank banks lender lenders insurer insurers retailer
    retailers airline airlines operator supplier suppliers producer producers developer chipmaker giant rival
    rivals peer competitor leader brand subsidiary unit affiliate parent owner buyer seller bidder acquirer
    target venture partner partners corporation concern outfit miner utility shipper brewer distributor
    publisher broker brokerage fund investor chain chains grocer grocers carrier carriers broadcaster broadcasters
    streamer smelter refiner consultancy biotech shipowner shipyard exporter importer provider""".split()
)
# Nouns that name a kind of firm and nothing else; "Dutch chipmaker Veldhoven" names one. Not "investor" or
# "partner", which are as often people.
FIRM_NOUNS = COMPANY_NOUNS - frozenset(
    "investor owner partner partners leader rival rivals peer competitor buyer seller bidder acquirer target parent brand".split())
# Compounds that name a kind of firm by what it makes: "drugmaker", "planemaker", "shipbuilder".
FIRM_ENDINGS = ("maker", "makers", "builder", "builders")


def is_company_noun(word: str) -> bool:
    """ "carmaker", "the group", "a lender": a common noun that names a kind of company."""
    word = word.lower()
    singular = word[:-1] if word.endswith("s") else word  # "the two groups", "both lenders"; "the investors" are people
    return word in COMPANY_NOUNS or singular in FIRM_NOUNS or (len(word) > 7 and word.endswith(FIRM_ENDINGS))


def is_firm_noun(word: str) -> bool:
    word = word.lower()
    return word in FIRM_NOUNS or (len(word) > 7 and word.endswith(FIRM_ENDINGS))

# Words after a name that say the name is an organisation: "Ferrari CEO", "Hongqi spokeswoman".
ORGANIZATION_FOLLOWERS = frozenset(
    """ceo cfo coo cto chairman chairwoman chair president spokesman spokeswoman spokesperson spokespeople
    executive executives chief boss founder board shares stock shareholders unit subsidiary officials
    management investors employees staff plant factory headquarters brand director directors newspaper magazine
    daily website broadcaster""".split()
)

# Titles a person can hold; multiword titles are matched by their last word.
TITLE_WORDS = frozenset(
    """ceo cfo coo cto cio chairman chairwoman chair president vice-president founder co-founder cofounder
    director officer executive head chief manager designer spokesman spokeswoman spokesperson analyst
    economist strategist engineer partner secretary treasurer counsel minister governor mayor
    boss owner investor trader banker lawyer attorney professor consultant""".split()
)
HONORIFICS = frozenset("mr mr. mrs mrs. ms ms. dr dr. prof prof. sir dame".split())

# Organisation names that are not companies.
NOT_COMPANY_WORDS = frozenset(
    """party ministry government commission parliament congress senate court university agency department
    council authority administration bureau police army navy committee federation association institute
    school college church union reserve regulator exchange community""".split()
)
# Organs of a company that news capitalises: "Supervisory Board Chairman Peter Haas" names no company of its own.
# (Apart from NOT_COMPANY_WORDS: "the board said" is the company speaking, not an institution.)
COMPANY_ORGANS = frozenset({"board"})
# Upper-case words of news that the NER takes for organisations.
NOT_NAMES = frozenset(
    """EV EVs SUV SUVs CEO CFO COO CTO IPO GDP AI US UK EU UN NEV NEVs ESG LNG PHEV PHEVs BEV BEVs HEV EREV
    Q1 Q2 Q3 Q4 H1 H2 R&D M&A ETF ETFs AGM YoY""".split()
)
# News agencies; as a source they are the publisher, not a company in the story.
NEWS_AGENCIES = frozenset({"reuters", "associated press", "ap", "afp", "bloomberg", "dow jones", "xinhua"})

# Verbs that report speech: "said", "told", "announced". Their subject speaks; it is not a party to what is said.
SPEECH_VERBS = frozenset(
    """say tell add announce confirm estimate write state note explain comment report reveal disclose
    acknowledge admit insist argue claim warn predict forecast reiterate stress emphasise emphasize caution
    concede recall suggest indicate tweet post expect project calculate assert maintain complain declare
    testify agree respond reply believe think urge describe recommend propose promise conclude observe remark
    mention allege contend speculate reaffirm blame""".split()
)

# Verbs that attribute what follows them to their subject, by the kind of statement they report. News writing
# reports more than speech: what a poll or a report found, what a person thinks or wants. The cue rules
# (extract/cues.py) take each class with its own conditions.
# Speech and writing in other words than "say": "asked", "quipped", "tweeted", "wrote in a post".
MORE_SPEECH_VERBS = frozenset(
    """ask quip joke boast brag shout yell scream exclaim whisper mutter retort answer tweet retweet email text blog
    inform advise assure reassure remind notify clarify elaborate counter rebut lament grumble gripe marvel muse
    repeat echo recount tout hail characterize term dub label brand contend underline underscore highlight hint imply
    signal proclaim preach pledge vow promise vouch plead confess demand charge accuse criticize criticise praise
    defend attack slam blast condemn denounce decry applaud welcome question challenge dispute reject dismiss
    threaten counsel caution cite mock ridicule voice express chide scold rebuke thank congratulate apologize
    apologise talk speak refer point discuss detail outline float broach lash rip knock hammer cry compare rail list
    encourage continue""".split()
)
# What a poll, a study, a report or a filing is said to show: "the poll found", "figures show".
EVIDENCE_VERBS = frozenset("show find reveal indicate suggest conclude determine demonstrate estimate project".split())
# What a person thinks, knows or fears: "she believes", "they worry that".
BELIEF_VERBS = frozenset("think believe know feel fear hope worry doubt suspect wonder assume reckon expect remember learn see "
                         "realize realise recognize recognise understand".split())
# What a person wants done or stands for: "wants to", "called for", "urged the council to".
STANCE_VERBS = frozenset("want call urge seek propose plan intend support oppose endorse back favor favour prefer push press "
                         "embrace".split())
# Documents, polls and studies: what they say is a statement of whoever issued them, or of the document itself.
DOCUMENT_NOUNS = frozenset(
    """report study survey poll analysis review audit filing lawsuit suit complaint ruling decision judgment
    verdict indictment affidavit memo memorandum letter statement release document records data figures numbers
    estimates research paper findings assessment evaluation investigation inquiry probe plan budget proposal bill
    motion petition brief submission application notice order opinion forecast projection census index ad
    advertisement spot clip video film documentary book article editorial op-ed column tweet post message speech
    transcript website blog podcast broadcast newspaper magazine newsletter guide handbook manual database
    statistics email e-mail result tally average count record memoir biography summary schedule declaration
    testimony exit document footage recording tape analysis disclosure""".split()
)


def is_document_noun(token_lemma: str, token_lower: str = "") -> bool:
    """ "the report", "records", "a new poll", "leaked emails": a document, whose words are on the record."""
    return token_lemma.lower() in DOCUMENT_NOUNS or token_lower in DOCUMENT_NOUNS

# Nouns that report a statement of whoever owns them: "his claim that", "their call for an inquiry".
STATEMENT_NOUNS = frozenset(
    """claim statement argument assertion allegation view belief warning promise pledge vow call demand plan proposal
    criticism concern concerns fear fears hope insistence suggestion contention announcement comment comments remark
    remarks testimony support opposition endorsement position stance accusation charge prediction forecast estimate
    assessment complaint insistence request appeal vision explanation account description characterization
    admission acknowledgment acknowledgement denial defense defence praise attack attacks opinion""".split()
)

# Nouns for people, which a speaker the text only describes is: "the moderator said", "critics say", "parents".
PEOPLE_NOUNS = frozenset(
    """woman man men women people person child kid mother father parent son daughter wife husband family friend
    neighbor neighbour resident voter citizen taxpayer worker employee student teacher nurse doctor physician
    surgeon patient judge justice lawyer attorney prosecutor juror witness victim survivor officer soldier veteran
    member leader candidate nominee senator congressman congresswoman representative lawmaker legislator governor
    mayor minister president chairman chairwoman chair official spokesman spokeswoman spokesperson aide adviser
    advisor staffer staff strategist pollster analyst economist expert scientist researcher professor scholar
    historian critic supporter opponent activist advocate protester protestor organizer organiser donor delegate
    democrat republican conservative liberal progressive moderate moderator host anchor reporter journalist
    columnist writer author editor blogger commentator pundit owner landlord tenant farmer driver pilot customer
    consumer investor trader banker executive manager director founder entrepreneur immigrant refugee fan player
    coach athlete user homeowner operator lobbyist diplomat ambassador envoy negotiator participant respondent
    observer insider source dealer broker agent inspector investigator detective sheriff chief commissioner
    councillor councilor councilman councilwoman trustee superintendent principal administrator planner engineer
    developer designer architect artist musician singer actor filmmaker producer director owner clerk secretary
    treasurer auditor accountant consultant contractor vendor shopper buyer seller bidder partisan insurgent rebel
    fighter militant official officials mom dad grandmother grandfather teenager youth elder elders caregiver
    volunteer worshipper pastor priest rabbi imam bishop cleric monk commander general admiral colonel captain
    sergeant lieutenant guard ranger firefighter paramedic medic pharmacist dentist therapist psychologist
    psychiatrist counselor counsellor midwife coroner niece nephew cousin aunt uncle brother sister sibling grandson
    granddaughter boyfriend girlfriend partner spouse fiance fiancee widow widower demonstrator proponent narrator
    announcer questioner reader viewer listener caller audience crowd public electorate constituent colleague
    classmate roommate businessman businesswoman everyone someone anyone everybody somebody nobody others""".split()
)
PEOPLE_ENDINGS = ("ist", "ian", "ists", "ians")


def is_people_noun(lemma: str) -> bool:
    """ "the moderator", "critics", "economists", "politicians": a word for a person or for people."""
    lemma = lemma.lower()
    return lemma in PEOPLE_NOUNS or (len(lemma) > 5 and lemma.endswith(PEOPLE_ENDINGS))
