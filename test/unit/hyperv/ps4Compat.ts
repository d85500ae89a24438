// What Windows PowerShell 4.0 (stock Windows Server 2012 R2, the oldest host the Hyper-V to Azure
// support matrix allows) lacks, as a list of patterns with their source, and a scanner that finds
// them in a script's code (comments and the contents of string literals are not code).
//
// Each entry names where the version that introduced the construct is stated. "unverified" means
// no quote was retrieved from the stored sources: the entry stays (a 4.0 host cannot run it either
// way is the safe side), and the report to the lead lists it.

export interface Ps4Rule {
  id: string;
  /** What the construct is, for the failure message. */
  what: string;
  /** Matched against the code with comments and string contents blanked out. */
  pattern: RegExp;
  /** Where the version that introduced it is documented, with a short quote; or "unverified". */
  source: string;
}

export const ps4Rules: readonly Ps4Rule[] = [
  {
    id: 'static-new',
    what: '[Type]::new() (PowerShell 5.0); use New-Object Type -ArgumentList ...',
    pattern: /::new\s*\(/i,
    source:
      'learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_classes: "Starting with version 5.0, PowerShell has a formal syntax to define classes" (::new is the class instantiation syntax); ' +
      'PowerShell/PSScriptAnalyzer Rules/CompatibilityRules/UseCompatibleSyntax.cs (PR #1426): "// Look for [typename]::new(...) ... if (!_targetVersions.Contains(s_v3) && !_targetVersions.Contains(s_v4))" (flagged for 3 and 4)',
  },
  {
    id: 'class',
    what: 'a class definition (PowerShell 5.0)',
    pattern: /(^|[\s;{}])class\s+[A-Za-z_][\w]*\s*(:\s*[\w.,\s]+)?\{/im,
    source:
      'learn.microsoft.com/previous-versions/windows/powershell-scripting/dn820211(v=wps.640) about_Classes: "Starting in Windows PowerShell 5.0, Windows PowerShell adds language for defining classes and other user-defined types"',
  },
  {
    id: 'enum',
    what: 'an enum definition (PowerShell 5.0)',
    pattern: /(^|[\s;{}])enum\s+[A-Za-z_][\w]*\s*\{/im,
    source:
      'about_Classes (Windows PowerShell 5.0, dn820211): "language for defining classes and other user-defined types" (enum is one of them); the exact about_Enum wording is unverified',
  },
  {
    id: 'using',
    what: 'a using namespace/module/assembly statement (PowerShell 5.0)',
    pattern: /^\s*using\s+(namespace|module|assembly)\b/im,
    source: 'unverified (about_Using states PowerShell 5.0; no quote retrieved)',
  },
  {
    id: 'enums-as-strings',
    what: 'ConvertTo-Json -EnumsAsStrings (PowerShell 6.2)',
    pattern: /-EnumsAsStrings\b/i,
    source: 'unverified (ConvertTo-Json help, PowerShell 6.2+; no quote retrieved)',
  },
  {
    id: 'as-array',
    what: 'ConvertTo-Json -AsArray (PowerShell 6.2)',
    pattern: /-AsArray\b/i,
    source: 'unverified (ConvertTo-Json help, PowerShell 6.2+; no quote retrieved)',
  },
  {
    id: 'as-hashtable',
    what: 'ConvertFrom-Json -AsHashtable (PowerShell 6.0)',
    pattern: /-AsHashtable\b/i,
    source:
      'learn.microsoft.com/powershell/module/microsoft.powershell.utility/convertfrom-json: syntax "[-AsHashtable] [-Depth <Int32>]" in 6+; ' +
      'powershellgallery.com/packages/ConvertFrom-JsonAsHashtable: "similar to \'ConvertFrom-Json -AsHashtable\' in PowerShell 7.0+" (for Windows PowerShell 5.0+)',
  },
  {
    id: 'convertfrom-json-depth',
    what: 'ConvertFrom-Json -Depth (PowerShell 6.2)',
    pattern: /ConvertFrom-Json\b[^\n|;]*-Depth\b/i,
    source: 'unverified (ConvertFrom-Json help lists -Depth only from PowerShell 6; no quote retrieved)',
  },
  {
    id: 'null-coalescing',
    what: 'the ?? or ??= operator (PowerShell 7.0)',
    pattern: /\?\?/,
    source: 'PowerShell v7.0.0-preview.5 changelog: "Implement null coalescing (`??`) and null coalescing assignment (`??=`) operators (#10636)"',
  },
  {
    id: 'null-conditional',
    what: 'the ?. or ?[] null-conditional operator (PowerShell 7.0)',
    pattern: /\}\?[.[]/,
    source: 'PSScriptAnalyzer UseCompatibleSyntax.cs (PR #1426): "null-conditional method invocation", "${x}?.Method()", "3,4,5,6" (not in 3 to 6)',
  },
  {
    id: 'ternary',
    what: 'the ternary operator a ? b : c (PowerShell 7.0)',
    // `| ? {` is Where-Object; a ternary has ` ? ` followed later on the line by ` : `.
    pattern: /(?<!\|\s*)\s\?\s+(?!\{)[^\n]*?\s:\s/,
    source:
      'huggingface.co/datasets/RevoGen/powershell-compat psc-00003: "$label = $count -gt 0 ? "found" : "empty"" parses_ps51 false, "Unexpected token \'?\' in expression or statement."',
  },
  {
    id: 'pipeline-chain',
    what: 'the && or || pipeline chain operator (PowerShell 7.0)',
    pattern: /&&|\|\|/,
    source:
      'learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_pipeline_chain_operators: "Beginning in PowerShell 7, PowerShell implements the && and || operators to conditionally chain pipelines."',
  },
  {
    id: 'skip-certificate-check',
    what: 'Invoke-WebRequest/Invoke-RestMethod -SkipCertificateCheck (PowerShell 6.0)',
    pattern: /-SkipCertificateCheck\b/i,
    source: 'unverified (Invoke-WebRequest help, PowerShell 6.0+; no quote retrieved)',
  },
  {
    id: 'web-authentication',
    what: 'Invoke-WebRequest/Invoke-RestMethod -Authentication (PowerShell 6.0)',
    pattern: /Invoke-(WebRequest|RestMethod)\b[^\n|;]*-Authentication\b/i,
    source: 'unverified (Invoke-RestMethod help, PowerShell 6.0+; no quote retrieved)',
  },
  {
    id: 'expand-archive',
    what: 'Expand-Archive / Compress-Archive (Microsoft.PowerShell.Archive, PowerShell 5.0)',
    pattern: /\b(Expand|Compress)-Archive\b/i,
    source: 'unverified (Microsoft.PowerShell.Archive ships with PowerShell 5.0; no quote retrieved)',
  },
  {
    id: 'content-no-newline',
    what: 'Set-Content/Add-Content -NoNewline (PowerShell 5.0)',
    pattern: /\b(Set|Add)-Content\b[^\n|;]*-NoNewline\b/i,
    source:
      'unverified (Set-Content help says -NoNewline came with Windows PowerShell 5.0; the stored localized help pages carry "This parameter was introduced in Windows PowerShell 5.0." but the index did not show which page or parameter)',
  },
  {
    id: 'new-temporaryfile',
    what: 'New-TemporaryFile (PowerShell 5.0)',
    pattern: /\bNew-TemporaryFile\b/i,
    source: 'unverified (New-TemporaryFile help, PowerShell 5.0; no quote retrieved)',
  },
  {
    id: 'get-itempropertyvalue',
    what: 'Get-ItemPropertyValue (PowerShell 5.0); use (Get-ItemProperty ...).Name',
    pattern: /\bGet-ItemPropertyValue\b/i,
    source: 'unverified (Get-ItemPropertyValue help, PowerShell 5.0; no quote retrieved)',
  },
  {
    id: 'get-computerinfo',
    what: 'Get-ComputerInfo (PowerShell 5.1)',
    pattern: /\bGet-ComputerInfo\b/i,
    source: 'unverified (Get-ComputerInfo help, PowerShell 5.1; no quote retrieved)',
  },
  {
    id: 'foreach-parallel',
    what: 'ForEach-Object -Parallel (PowerShell 7.0)',
    pattern: /\b(ForEach-Object|foreach|%)\s+-Parallel\b/i,
    source: 'unverified (ForEach-Object help, PowerShell 7.0; no quote retrieved)',
  },
];

/**
 * The script with comments removed and the contents of string literals replaced by spaces (the
 * quotes stay), so that a message such as 'a && b' is not taken for code. Line breaks are kept so
 * line numbers still match. Handles # and <# #> comments, '...' ('' escapes), "..." (` escapes),
 * and @'...'@ / @"..."@ here-strings.
 */
export function codeOnly(text: string): string {
  let out = '';
  let i = 0;
  const n = text.length;
  const blank = (s: string): string => s.replace(/[^\n]/g, ' ');
  while (i < n) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '<' && next === '#') {
      const end = text.indexOf('#>', i + 2);
      const stop = end < 0 ? n : end + 2;
      out += blank(text.slice(i, stop));
      i = stop;
    } else if (c === '#') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      out += blank(text.slice(i, stop));
      i = stop;
    } else if (c === '@' && (next === "'" || next === '"') && /^\r?\n/.test(text.slice(i + 2, i + 4))) {
      const close = `\n${next}@`;
      const end = text.indexOf(close, i + 2);
      const stop = end < 0 ? n : end + close.length;
      out += `@${next}${blank(text.slice(i + 2, stop - 2))}${next}@`;
      i = stop;
    } else if (c === "'") {
      let j = i + 1;
      while (j < n) {
        if (text[j] === "'" && text[j + 1] === "'") j += 2;
        else if (text[j] === "'") break;
        else j++;
      }
      out += `'${blank(text.slice(i + 1, j))}'`;
      i = j + 1;
    } else if (c === '"') {
      let j = i + 1;
      while (j < n) {
        if (text[j] === '`') j += 2;
        else if (text[j] === '"') break;
        else j++;
      }
      out += `"${blank(text.slice(i + 1, j))}"`;
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

export interface Ps4Finding {
  rule: string;
  line: number;
  what: string;
  text: string;
}

/** Every construct of the list found in the script's code, with its line number. */
export function scanForPs4(text: string): Ps4Finding[] {
  const code = codeOnly(text).split('\n');
  const original = text.split('\n');
  const findings: Ps4Finding[] = [];
  code.forEach((line, index) => {
    for (const rule of ps4Rules) {
      const flags = rule.pattern.flags.replace('m', '');
      if (new RegExp(rule.pattern.source, flags).test(line)) {
        findings.push({ rule: rule.id, line: index + 1, what: rule.what, text: (original[index] ?? '').trim() });
      }
    }
  });
  return findings;
}
