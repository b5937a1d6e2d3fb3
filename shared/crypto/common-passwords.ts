// A compact list of common passwords and their stems for the client-side password check.
//
// A full breached-password corpus (hundreds of millions of entries) cannot be bundled into an add-in
// that must work offline, and the server never sees the password to check it there. So the client
// bundles stems from the most common password lists (SecLists, NCSC top 100k, Dutch leaks) and
// password-rules.ts rejects any password that reduces to them: a stem plus digits or punctuation, a
// stem in leetspeak, a stem repeated, or several stems glued together ("Welkom2024!", "P@ssw0rd",
// "passwordpassword", "iloveyouforever"). That covers far more than the listed strings themselves.

/** Stems: lowercase letters only, at least 3 long; also used to split a password into known words. */
export const COMMON_WORDS: readonly string[] = [
  // The classics, in English and Dutch.
  'password', 'passwords', 'passwd', 'passw', 'pass', 'wachtwoord', 'wachtwoorden', 'mijnwachtwoord', 'mypassword',
  'welcome', 'welkom', 'letmein', 'admin', 'administrator', 'beheerder', 'login', 'logon', 'inloggen', 'user', 'guest',
  'root', 'master', 'masterkey', 'secret', 'secrets', 'supersecret', 'topsecret', 'geheim', 'geheimpje', 'access',
  'changeme', 'default', 'test', 'testing', 'tester', 'temp', 'nopassword', 'unknown', 'nothing', 'whatever',
  'trustno', 'trustnoone', 'iloveyou', 'iloveu', 'ilove', 'loveyou', 'love', 'lover', 'lovely', 'loveme', 'hello',
  'hallo', 'helloworld', 'hoi', 'doei', 'qwerty', 'qwertz', 'azerty', 'qwer', 'qwert', 'qwertyuiop', 'asdf', 'asdfg',
  'asdfgh', 'asdfghjkl', 'zxcv', 'zxcvbn', 'zxcvbnm', 'qazwsx', 'qazwsxedc', 'qweasd', 'qweasdzxc', 'qwerasdf',
  'qwerasdfzxcv', 'abc', 'abcd', 'abcdef', 'abcdefg', 'abcdefgh', 'aaa', 'xxx', 'zzz',
  // Numbers as words.
  'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'een', 'twee', 'drie', 'vier', 'vijf',
  'zes', 'zeven', 'acht', 'negen', 'tien',
  // Sport, clubs and games.
  'football', 'baseball', 'basketball', 'soccer', 'hockey', 'tennis', 'golf', 'voetbal', 'ajax', 'feyenoord', 'psv',
  'azalkmaar', 'twente', 'vitesse', 'liverpool', 'chelsea', 'arsenal', 'manutd', 'barcelona', 'madrid', 'realmadrid',
  'juventus', 'yankees', 'cowboys', 'eagles', 'lakers', 'steelers', 'pokemon', 'minecraft', 'fortnite', 'roblox',
  'zelda', 'mario', 'naruto', 'starwars', 'matrix', 'ninja', 'superman', 'batman', 'spiderman', 'ironman', 'hulk',
  // Common words and things.
  'monkey', 'dragon', 'sunshine', 'princess', 'prinses', 'shadow', 'freedom', 'vrijheid', 'killer', 'hunter', 'ranger',
  'buster', 'tigger', 'tiger', 'pepper', 'ginger', 'cookie', 'chocolate', 'chocola', 'cheese', 'kaas', 'banana', 'orange',
  'oranje', 'purple', 'silver', 'golden', 'gold', 'diamond', 'blessed', 'jesus', 'christ', 'angel', 'engel', 'forever',
  'family', 'familie', 'friends', 'friend', 'vrienden', 'flower', 'flowers', 'bloem', 'butterfly', 'vlinder', 'lucky',
  'phoenix', 'rainbow', 'regenboog', 'starlight', 'heaven', 'money', 'geld', 'coffee', 'koffie', 'pizza', 'thunder',
  'computer', 'internet', 'google', 'facebook', 'instagram', 'microsoft', 'outlook', 'windows', 'office', 'apple',
  'samsung', 'iphone', 'mustang', 'ferrari', 'porsche', 'corvette', 'harley', 'mercedes', 'bmw', 'audi', 'volvo',
  'liefde', 'schat', 'schatje', 'lieverd', 'hond', 'honden', 'kat', 'katten', 'poes', 'konijn', 'baby', 'mama',
  'papa', 'mijn', 'summer', 'winter', 'spring', 'autumn', 'zomer', 'lente', 'herfst', 'voorjaar', 'najaar',
  'kerst', 'christmas', 'vakantie', 'holiday', 'zon', 'sun', 'moon', 'maan', 'star', 'ster',
  // Days and months, English and Dutch.
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'maandag', 'dinsdag', 'woensdag',
  'donderdag', 'vrijdag', 'zaterdag', 'zondag', 'january', 'february', 'march', 'april', 'may', 'june', 'july',
  'august', 'september', 'october', 'november', 'december', 'januari', 'februari', 'maart', 'mei', 'juni', 'juli',
  'augustus', 'oktober',
  // Places.
  'nederland', 'holland', 'amsterdam', 'rotterdam', 'utrecht', 'denhaag', 'haag', 'eindhoven', 'groningen', 'tilburg',
  'almere', 'breda', 'nijmegen', 'arnhem', 'haarlem', 'leiden', 'maastricht', 'zwolle', 'belgie', 'brussel',
  'antwerpen', 'london', 'paris', 'america', 'europe',
  // First names that top the lists (English and Dutch).
  'michael', 'jennifer', 'jordan', 'thomas', 'robert', 'daniel', 'charlie', 'andrew', 'matthew', 'jessica', 'ashley',
  'nicole', 'amanda', 'michelle', 'hannah', 'george', 'taylor', 'bailey', 'jackson', 'joshua', 'merlin', 'mickey',
  'jasmine', 'maggie', 'daisy', 'cooper', 'maverick', 'jan', 'piet', 'kees', 'henk', 'klaas', 'anna', 'emma', 'sophie',
  'julia', 'daan', 'sem', 'lucas', 'noah', 'lisa', 'sanne', 'thijs', 'bram', 'jeroen', 'sander', 'mark', 'peter',
  'johan', 'willem', 'maria', 'marco', 'kevin', 'dennis', 'linda', 'monique', 'patrick', 'martin',
  // Phrases that leak lists are full of.
  'loremipsum', 'thequickbrownfox', 'jumpsoverthelazydog', 'letmeinnow', 'iloveyousomuch', 'ihateyou', 'goodbye',
  'nevermind', 'opensesame', 'youshallnotpass', 'fuckyou', 'fuckoff', 'biteme',
];

/** Exact passwords (after lowercasing and removing spaces, dots, hyphens and underscores) that no rule below catches. */
export const COMMON_LITERALS: readonly string[] = [
  '1q2w3e4r5t6y', '1q2w3e4r5t6y7u', '1q2w3e4r5t6y7u8i', 'q1w2e3r4t5y6', 'q1w2e3r4t5y6u7', '1qaz2wsx3edc',
  '1qaz2wsx3edc4rfv', 'zaq12wsxcde3', 'zaq1xsw2cde3', 'a1b2c3d4e5f6', 'a1b2c3d4e5f6g7', '1a2b3c4d5e6f', 'abc123abc123',
  '123abc123abc', '147258369147', '159753159753', '741852963741', '963852741963', '123qweasdzxc', 'qweasdzxc123',
  '1234qwerasdf', '1234qwerasdfzxcv', 'qwer1234asdf', '0123456789ab', '12345678910', '123456789101112', '1234567891011',
  '11223344556677', '112233445566', '123321123321', '147852369147', '789456123789', '789456123000', 'aa123456789',
];

/** Keyboard rows and walks (QWERTY, QWERTZ, AZERTY; rows and columns); any run along one is common. */
export const KEYBOARD_WALKS: readonly string[] = [
  'qwertyuiopasdfghjklzxcvbnm', 'qwertzuiopasdfghjklyxcvbnm', 'azertyuiopqsdfghjklmwxcvbn', '1234567890qwertyuiop',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p', 'qazwsxedcrfvtgbyhnujmikolp', '1q2w3e4r5t6y7u8i9o0p', 'q1w2e3r4t5y6u7i8o9p0',
  'zaq1xsw2cde3vfr4bgt5nhy6mju7', 'qweasdzxcrtyfghvbnuiojklm', '147258369', '789456123', '741852963', '963852741',
];
