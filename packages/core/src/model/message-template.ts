// Masks the variable parts of an error message (ids, numbers, emails, quoted values, URLs) so that
// messages differing only in those parts group under one template.
const MASKS: Array<[RegExp, string]> = [
  [/\bhttps?:\/\/[^\s"'<>]+/g, '<url>'],
  // Any token holding an @, so that malformed addresses (the usual reason for a rejection) mask too.
  [/[^\s'"`<>,;()[\]]*@[^\s'"`<>,;()[\]]*/g, '<email>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/"(?:[^"\\]|\\.)*"/g, '"<value>"'],
  [/'(?:[^'\\]|\\.)*'/g, "'<value>'"],
  [/`[^`]*`/g, '`<value>`'],
  // Salesforce-style 15/18-character ids and long hex or mixed alphanumeric tokens with a digit.
  [/\b(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{12,}\b/g, '<id>'],
  [/\b0x[0-9a-f]+\b/gi, '<n>'],
  // Numbers, also when a unit is glued on ("3s", "25ms"), but not inside names ("v2", "E.164").
  [/(?<![\w.])[-+]?\d+(?:[.,]\d+)*/g, '<n>'],
];

export function messageTemplate(message: string): string {
  let template = message;
  for (const [pattern, replacement] of MASKS) template = template.replace(pattern, replacement);
  return template;
}
