// Lexicons for the conduct rules (§5.3.2, §5.3.3, §5.4 and profanity). They
// necessarily spell out offensive words: a filter has to know what it filters.
// Written for this product from general knowledge, not taken from any corpus.

export const SEXUAL_EXPLICIT = `
porn porno* pornograph* xxx nsfw nude nudes naked nudity topless sex sexy sexual~intercourse intercourse orgasm* orgy
orgies erotic* erotica masturbat* jerk~off jack~off handjob blowjob blow~job bj deepthroat fellatio cunnilingus
anal~sex oral~sex have~sex having~sex had~sex horny aroused arousal cum cumming cumshot creampie ejaculat* penis
vagina vaginal clit clitoris boobs boob tits titties nipple* dildo vibrator fetish bdsm bondage hentai milf camgirl
webcam~sex sexting sext stripper striptease escort~service prostitut* hooker whore slut sluts slutty gangbang
threesome pussy cock dick dicks boner hard~on erection genitals genital labia scrotum testicles sperm semen
lingerie onlyfans bukkake squirt* rape raped raping molest* incest pedo pedophil* stepmom stepsister stepbro
make~love making~love sleep~with slept~with suck~my lick~my spread~her spread~your naughty~pics
looking~for~sex hard~sex eat~pussy hottie hotties breasts sexual sexually virgin impregnate
`;

export const PROFANITY = `
fuck* fck fk fuk* motherfuck* shit* bullshit crap damn goddamn dammit hell bitch* bastard* ass asses asshole*
arse arsehole jackass dumbass smartass piss pissed dick dickhead cock cocksucker prick twat wanker bollocks bugger
cunt* douche* douchebag suck sucks screw~you wtf stfu gtfo lmfao hoe hoes thot thots skank* nigga* niggah pussy
pussies twat* slut sluts whore whores sht btch fcking fckin bitch~about bitching~about
`;

// Mild words of the profanity lexicon: intensifiers and complaints ("hell of a game", "this sucks"), not abuse.
export const MILD_PROFANITY: ReadonlySet<string> = new Set(['damn', 'dammit', 'goddamn', 'hell', 'crap', 'suck', 'sucks', 'piss',
  'pissed', 'wtf', 'lmfao', 'screw you', 'bugger', 'bollocks', 'arse', 'jackass', 'dumbass', 'smartass', 'douche*', 'douchebag',
  'bitch about', 'bitching about']);

export const THREAT_WORDS = `
kill murder shoot stab strangle choke beat~up beat~you hurt bomb blow~up burn~down destroy slaughter execute hang lynch
rape
`;

// Protected classes of §5.3.3. Each slur list is a separate lexicon so a
// finding records which class it targets.
export const SLURS: Readonly<Record<string, string>> = {
  race: `nigger* nigga* niggah negro* coon* jigaboo porch~monkey spook darkie darky sambo wetback* beaner* spic spics
    chink* gook* zipperhead slant~eye slanteye towelhead* raghead* sand~nigger camel~jockey redskin* injun cracker*
    honky honkey whitey gringo* paki pakis wog wogs golliwog kaffir kike* mulatto halfbreed half-breed jungle~bunny
    monkeys ape apes nig nigs niglet* niger wigger* spear~chucker mongrel* mongrels mongerls colored~folk
    porch~monkies mud~people mud~race race~traitor white~power sieg~heil heil~hitler 1488 aryan~race aryan sieg
    nicca* nigguh* ching~chong cotton~picker white~trash`,
  national_origin: `illegals illegal~alien anchor~baby go~back~to~your~country go~back~where~you~came~from
    foreigners~out send~them~back deport~them all~deported one~way~ticket~to back~to~africa back~to~mexico`,
  religion: `kike* heeb hymie christ~killer muzzie muzrat* moslem* islamist~scum jihadi~scum infidel~dogs
    raghead* towelhead* papist* mackerel~snapper`,
  gender: `faggot* fag fags faggy dyke* tranny trannies shemale* homo homos queer~scum lesbo* feminazi* femoid*
    thot thots hoe hoes skank* cunt* bitches whore slut queer queers`,
  disability: `retard retards retarded tard tards spaz spastic mongoloid cripple* crippled~freak window~licker
    short~bus vegetable~brain`,
  age: `old~geezer geezer* old~hag boomer~scum senile~old dinosaur~boomer ok~boomer`,
  marital_status: `homewrecker* spinster* old~maid divorcee~trash`,
};

// Groups that harassment talks about; a hostile predicate near one is a finding.
export const GROUPS: Readonly<Record<string, string>> = {
  race: `black blacks white whites asian asians latino latinos latina latinas hispanic hispanics african~american
    african~americans africans arab arabs negroes race races racial ethnic ethnics indians natives`,
  national_origin: `mexican mexicans immigrant immigrants migrant migrants refugee refugees foreigner foreigners alien aliens
    chinese russian russians somalis syrians pakistanis haitians`,
  religion: `jew jews jewish muslim muslims islam christian christians catholic catholics hindu hindus sikh sikhs
    buddhist buddhists atheist atheists mormon mormons zionist zionists`,
  gender: `women woman girls females female men males gay gays lesbian lesbians homosexual homosexuals transgender
    trans lgbt lgbtq feminist feminists wives`,
  disability: `disabled handicapped autistic blind deaf wheelchair cripples`,
  age: `old~people elderly seniors boomers millennials`,
  marital_status: `single~mothers divorced~women divorcees unmarried~women`,
};

export const HOSTILE = `
hate hates hated inferior subhuman vermin animals savages scum filth filthy disgusting parasite parasites cockroach
cockroaches trash garbage dirty stupid dumb worthless pathetic ugly evil criminals thugs terrorists rapists
deport exterminate eliminate wipe~out get~rid~of gas go~back ban kill die should~die don't~belong ruin ruining
destroy destroying destroyed invaders invasion breed breeding leeches lazy stab stabbed slaughter slaughtered attack
shoot shot executed execute starve hang hanged lynch lynched burn burned killin killing murder exterminated deported
deporting expel ban banned hoax primitive uncivilized savage wilds inbred problem threat fraud frauds imposters flooding
flood free~ride iq cancer depravity disordered disease diseased plague infest* swarm swarming dominate wussies
sub~human bitch bitches twat twats
`;

export const INSULTS = `
idiot* moron* imbecile stupid dumb loser pathetic worthless ugly fat~ass fatso freak clown dumbass retard bitch
whore slut asshole bastard scumbag piece~of~shit pos jerk coward liar waste~of~space fool fools idiotic
fag faggot pussy retard
`;
