/**
 * Hand-written features of jokes, banter and sarcasm, used by `reply-to-joke`.
 *
 * Sarcasm mostly says something positive about something bad ("Lovely day to be stuck at the mall with a dead
 * battery"), so the main feature is incongruity: a positive word and a negative-situation word in the same
 * sentence. Around it: ironic frames ("I love when…", "nothing like…", "thanks X for…", "can't wait to…",
 * "what a great…", "oh sure"), hyperbole and intensifiers, ironic emoji (🙃🙄), laughter, scare quotes, smileys
 * after a complaint, elongated words ("sureeee"). Weights are set by hand (read, not fitted); the word lists are
 * general vocabulary, not text from any data set.
 *
 * Pure: no DOM. Regexes are compiled once.
 */

export interface JokeFeature {
  id: string;
  label: string;
  weight: number;
}

/** Positive evaluation words (stems are matched as whole words). */
const POSITIVE =
  'love|loves|loving|loved|lovely|adore|adores|great|greatest|awesome|amazing|wonderful|fantastic|fabulous|brilliant|' +
  'perfect|perfectly|nice|nicest|fun|glad|happy|excited|exciting|thrilled|delighted|favou?rite|best|enjoy|enjoys|' +
  'enjoying|enjoyed|blessed|lucky|yay|yippee|hooray|woo+|rejoice|congrats|congratulations|proud|impressive|' +
  'impressed|genius|helpful|beautiful|treat|joy|pleasure|delightful|superb|excellent|stellar|fabulous|marvell?ous|' +
  'splendid|grateful|thankful|thrilling|incredible|outstanding|terrific|classy|cool|sweet|wow|bless|' +
  'appreciate|appreciated|fortunate|productive|relaxing|refreshing|convenient|efficient|smooth|reliable|speedy';

/** Words of bad situations, annoyances and misfortune (general life and service vocabulary). */
const NEGATIVE =
  'stuck|dead|died|dying|broke|broken|breaks|sick|ill|flu|covid|fever|cough|coughing|sneez\\w*|cold|freezing|rain|' +
  'raining|snow|traffic|delay\\w*|late|later|cancel\\w*|wait|waiting|waited|queue|monday|mondays|alarm|exam|exams|' +
  'homework|assignment|essay|deadline|deadlines|overtime|shift|fired|laid\\s+off|tax|taxes|bills?|rent|debt|lost|' +
  'lose|losing|fail|failed|failing|fails|crash\\w*|spill\\w*|headache|migraine|hangover|hungover|pain|hurts?|tired|' +
  'exhausted|sleep|insomnia|awake|noise|noisy|screaming|crying|outage|power\\s+(?:cut|outage|goes\\s+out|went\\s+out)|' +
  'ignored|ghosted|blocked|rejected|dumped|problem|problems|worst|terrible|awful|horrible|disaster|mess|nightmare|' +
  'annoying|stupid|useless|boring|bored|rude|slow|forgot|forgotten|missed|bleeding|blood|vomit\\w*|threw\\s+up|' +
  'injur\\w*|surgery|dentist|hospital|commute|stress|stressed|stressful|anxiety|panic|mold|mould|leak\\w*|' +
  'flat|puncture|ticket|fine|fined|parking|scam\\w*|spam|hack\\w*|bug|bugs|glitch\\w*|error|errors|down|offline|' +
  'lag\\w*|buffering|charged|overcharged|fee|fees|refund|locked|banned|suspended|wrong|nobody|no\\s+one|' +
  'nothing|zero|hours|hour|minutes|weeks|again|3am|4am|5am|6am|7am|2am|midnight|early|hot|heat|sweat\\w*|' +
  'pandemic|lockdown|quarantine|virus|vaccine|mosquito\\w*|cried|cry|sad|hate|hates|hated|ugh|argh|smh|fml|' +
  'sunburn\\w*|broke|poor|expensive|overpriced|price|prices|rip|ruined|ruin|destroyed|burnt|burned|burn|' +
  'cramp\\w*|sore|allergies|allergic|snoring|neighbou?rs?|landlord|boss|meeting|meetings|zoom|emails|paperwork|' +
  'laundry|dishes|chores|cleaning|stains?|spoiler\\w*|without|lack|lacking|less|worse|half|fell|falling|fall|tripped';

const NEG_BEFORE_POS_RE = /\b(?:not|no|never|isn['’]t|wasn['’]t|aren['’]t|ain['’]t|don['’]t|doesn['’]t|didn['’]t|won['’]t|can['’]t|hardly|barely|least)\s+(?:\w+\s+)?$/i;

const POSITIVE_RE = new RegExp(`\\b(?:${POSITIVE})\\b`, 'gi');
const NEGATIVE_RE = new RegExp(`\\b(?:${NEGATIVE})\\b`, 'i');

/** Frames that are mostly ironic: each a general construction, not a memorised sentence. */
const FRAMES: Array<[RegExp, number, string, string]> = [
  [/\b(?:i|we|gotta|got\s+to|you\s+gotta|don['’]?t\s+you\s+just|just|always)\s+(?:love|adore|enjoy|live\s+for)s?\s+(?:it\s+)?(?:when|how|that\s+\w+\s+(?:is|are|was|were|has|have|can|can['’]t|won['’]t|doesn['’]t))\b/i, 2, 'love-when', '"I love when…"'],
  [/\bwe\s+love\s+(?:to\s+see\s+(?:it|this|that)|that\s+for|it\s+when|when|how|a\s+good|an?\s+\w+\s+(?:who|that))\b|\blove\s+that\s+for\s+(?:me|us|you|him|her|them)\b/i, 1.5, 'we-love', '"we love…"'],
  [/\b(?:is|are|was|were|has\s+been)\s+(?:going|gone|went)\s+(?:so\s+|really\s+|very\s+)?(?:well|great|swimmingly|perfectly|smoothly)\b|\bnot\s+at\s+all\s+(?:\w+ing|suspicious|concerning|weird|awkward|annoying|ironic)\b|\bwhat\s+a\s+(?:shame|pity|tragedy)\b|\bshocked\s+and\s+\w+|\bi\s+(?:am|['’]m)\s+(?:so\s+)?(?:shocked|stunned|surprised)\b/i, 1.5, 'understatement', 'mock surprise or understatement'],
  [/\b(?:apparently|i\s+guess|guess\s+(?:i|we|what|who)|wow|gee|golly|bravo|well\s+done|nice\s+one|good\s+(?:job|one)|great\s+(?:job|work|move))\b/i, 1, 'mock-praise', 'mock praise or "apparently"'],
  [/\bnothing\s+(?:says|like|beats|quite\s+like|better\s+than)\b/i, 2, 'nothing-like', '"nothing like…"'],
  [/\b(?:can['’]?t|cannot|can\s+not)\s+wait\s+(?:to|for|until|till|til)\b/i, 1, 'cant-wait', '"can\'t wait to…"'],
  [/\bso\s+(?:glad|happy|excited|thrilled|grateful|thankful|blessed|lucky|proud)\s+(?:that|to|i|we|my|our|about|for)\b/i, 0.5, 'so-glad', '"so glad…"'],
  [/\b(?:thanks|thank\s+you)\s+(?:a\s+lot|for\s+nothing|so\s+much\s+for\s+nothing)\b/i, 2, 'thanks-a-lot', '"thanks a lot"'],
  [/\bwhat\s+an?\s+(?:great|wonderful|lovely|fantastic|perfect|fun|nice|brilliant|amazing|fabulous|excellent|awesome|beautiful|glorious|delightful|treat|joy|time|way|surprise|shock|concept|idea|genius)\b/i, 1.5, 'what-a', '"what a great…"'],
  [/\b(?:oh|okay|ok|yeah|ya|yea|yep)\s*,?\s*(?:sure|right|great|good|joy|wonderful|fantastic|perfect|yay|goody|totally|cool|nice|fun)\b|\bsure,?\s+(?:jan|buddy|pal|thing|okay|ok)\b|\byeah\s+right\b|\bsure+e{2,}\b/i, 2, 'oh-sure', '"oh sure"'],
  [/\b(?:totally|definitely|absolutely|clearly|obviously|surely|certainly)\s+(?:not\s+)?(?:normal|fine|worth|the\s+best|a\s+great|makes\s+sense|what|a\s+good|nothing|no|my|how|the\s+way|a\s+sign|helpful|the\s+right|going|gonna)\b|\bmakes\s+(?:total|perfect|complete)\s+sense\b/i, 1.5, 'ironic-intensifier', 'an ironic intensifier ("totally", "definitely")'],
  [/\b(?:who\s+(?:knew|would\s+have\s+(?:thought|guessed)|could\s+have\s+guessed)|said\s+no\s+one|said\s+nobody|what\s+could\s+(?:possibly\s+)?go\s+wrong|because\s+(?:of\s+course|obviously|that\s+makes\s+sense)|what\s+a\s+surprise|surprise,?\s+surprise|shocking|i['’]?m\s+shocked|color\s+me\s+surprised|as\s+one\s+does|as\s+you\s+do|if\s+only\s+there\s+(?:was|were)|who\s+needs|just\s+what\s+i\s+(?:needed|wanted)|living\s+the\s+dream|10\/10|would\s+(?:highly\s+)?recommend|love\s+that\s+for|my\s+(?:favou?rite|favorite)\s+(?:thing|part|kind|way|time|hobby|activity|pastime)|the\s+best\s+(?:part|thing|feeling)|(?:is|are|was)\s+always\s+(?:so\s+)?(?:fun|great|a\s+treat|a\s+joy|a\s+pleasure|nice|lovely)|(?:how|so)\s+(?:nice|lovely|thoughtful|convenient|generous|kind|sweet|considerate)\s+of)\b/i, 2, 'ironic-phrase', 'an ironic turn of phrase'],
  [/\btalk\s+about\s+(?:a\s+|an\s+)?\w+/i, 1.5, 'talk-about', '"talk about…"'],
  [/\b(?:pun|punny|dad\s+joke|wordplay|pun\s+intended)\b/i, 2, 'pun', 'a pun'],
  [/(?:^|[.!?]\s+)(?:doesn['’]t|don['’]t|isn['’]t|aren['’]t|wasn['’]t|who\s+(?:needs|knew|else)|why\s+would|ever\s+notice|am\s+i\s+the\s+only|is\s+it\s+just\s+me|how\s+(?:is|are)\s+(?:it|this|that)\s+(?:even\s+)?(?:possible|legal))\b[^?]*\?/i, 1, 'rhetorical', 'a rhetorical question'],
];

const LAUGH_RE = /\b(?:lol+|lmf?ao+|rofl|haha\w*|hehe\w*|hah|jk|just\s+kidding|kidding|joking)\b|[😂🤣😆😹]/iu;
/** Thanks for something: ironic when the sentence names something bad. */
const THANKS_FOR_RE = /\b(?:thanks?|thank\s+you|cheers|shout\s*out|shoutout|kudos)\s+(?:so\s+much\s+|a\s+lot\s+|again\s+)?(?:to\s+)?(?:@?\w+\s+){0,3}for\b[^.!?\n]*/i;
/** Word uses that are not praise: "fun fact", "love island", "fell in love", "lucky charms". */
const NOT_PRAISE_RE = /\bfun\s+fact|\blove\s+island|\bin\s+love\b|\blucky\s+charms|\bbest\s+friend|\bhappy\s+(?:birthday|hour|new\s+year|holidays|anniversary)|\bgood\s+(?:morning|night)\b/gi;
const IRONIC_EMOJI_RE = /[🙃🙄😒😑🤡😏🤪😜😝🤔🥲]|\(?¬_¬\)?|-_-/u;
const HAPPY_EMOJI_RE = /[🥰😊😁😀😃😄🤗😌🥳🎉👍👏💃☺]|(?:^|[\s\w])[:;=]-?[)D](?!\w)|\bxd\b/iu;
const TAG_RE = /(?:^|\s)\/s\b|#sarcasm|#not\b|#irony|#ironic|#jokes?\b|#sarcastic|#blessed\b|#winning\b|#goals\b/i;
const ELONGATED_RE = /\b\w*([a-z])\1{2,}\w*\b/i;
const SCARE_QUOTES_RE = /["“][^"”]{2,40}["”]/;
const HYPERBOLE_RE = /\b(?:literally|every\s+single|the\s+entire|whole\s+(?:day|week|life|world)|millionth|forever|of\s+all\s+time|in\s+history|ever\s+(?:since|again)|never\s+ever|100\s?%|for\s+(?:\d+|two|three|four|five|six)\s+(?:hours|days|weeks|years)\s+straight|at\s+least\s+\d+|\d{2,}\s+(?:times|hours))\b/i;
/** Sincere sadness or plain information lowers the score. */
const SINCERE_RE = /[😭😢😞😔💔🥺😩😫😣😥😿]|\b(?:rip|r\.i\.p|condolences|prayers|please|anyone\s+know|does\s+anyone|happy\s+birthday|congrats\s+to|proud\s+of\s+(?:you|him|her|them)|so\s+sad|heartbroken|miss\s+(?:you|him|her)|i\s+hate)\b/iu;
const URL_RE = /https?:\/\/\S+/;

export interface JokeScore {
  score: number;
  /** Labels of the features that fired (for the message). */
  reasons: string[];
}

function sentencesOf(text: string): string[] {
  return text.split(/(?<=[.!?…])\s+|\n+/).filter((s) => s.trim());
}

/** Incongruity: a non-negated positive word and a negative-situation word in the same sentence. */
function incongruity(text: string): number {
  let hits = 0;
  for (const s of sentencesOf(text)) {
    if (!NEGATIVE_RE.test(s)) continue;
    POSITIVE_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = POSITIVE_RE.exec(s))) {
      if (NEG_BEFORE_POS_RE.test(s.slice(Math.max(0, m.index - 24), m.index))) continue;
      // the negative word must be another word than the positive one ("fine", "cool" count once)
      const rest = s.slice(0, m.index) + ' ' + s.slice(m.index + m[0].length);
      if (!NEGATIVE_RE.test(rest)) continue;
      hits++;
      break;
    }
  }
  return hits;
}

/** Scores how much a text reads as a joke, banter or sarcasm, from its wording alone. */
export function jokeTextScore(raw: string): JokeScore {
  const text = raw.replace(/&amp;/g, '&').replace(/&gt;/g, '>').replace(/&lt;/g, '<');
  const body = text.replace(/^(?:@\w+\s*)+/, '').replace(URL_RE, ' ').replace(NOT_PRAISE_RE, (m) => ' '.repeat(m.length));
  let score = 0;
  const reasons: string[] = [];
  const add = (w: number, label: string) => {
    score += w;
    if (w > 0) reasons.push(label);
  };
  const inc = incongruity(body);
  if (inc) add(1.5 + 0.5 * Math.min(1, inc - 1), 'praise for a bad situation');
  let frames = 0;
  for (const [re, w, , label] of FRAMES) {
    if (re.test(body)) {
      add(w, label);
      frames++;
    }
  }
  const thanks = THANKS_FOR_RE.exec(body);
  if (thanks) add(NEGATIVE_RE.test(thanks[0]) ? 1.5 : 0.5, 'ironic thanks');
  if (TAG_RE.test(body)) add(3, 'a sarcasm tag');
  if (IRONIC_EMOJI_RE.test(body)) add(1.5, 'an ironic emoji');
  if (LAUGH_RE.test(body)) add(1, 'laughter');
  if (HAPPY_EMOJI_RE.test(body) && NEGATIVE_RE.test(body)) add(1.5, 'a smiley on a complaint');
  if (ELONGATED_RE.test(body)) add(0.25, 'a drawn-out word');
  if (SCARE_QUOTES_RE.test(body)) add(0.25, 'scare quotes');
  if (HYPERBOLE_RE.test(body)) add(0.25, 'hyperbole');
  if (/\b(?:really|totally|truly|surely|clearly|obviously)\s*[.!]\s*$|\bnot\b[.!]?\s*$/i.test(body)) add(1, 'an ironic "Really."');
  if (SINCERE_RE.test(body)) add(-1, '');
  if (/#\w+/.test(body)) score -= 0.25;
  // A bare link or a very short line carries little signal either way.
  if (body.trim().split(/\s+/).length < 4 && !frames) score -= 0.5;
  return { score, reasons };
}
