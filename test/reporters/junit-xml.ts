// Reads the XML reports back with a real XML parser (Python's expat through xml.etree, which
// CI installs with python3), so the tests do not trust our own reading of our own escaping.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  text: string;
  children: XmlElement[];
}

const READER = `
import json, sys, xml.etree.ElementTree as ET
def walk(e):
    return {"name": e.tag, "attributes": dict(e.attrib), "text": e.text or "",
            "children": [walk(c) for c in e]}
print(json.dumps(walk(ET.fromstring(sys.stdin.buffer.read()))))
`;

/** Parses an XML document; fails the test if it is not well-formed or has another root. */
export function parseXml(xml: string, root: string): XmlElement {
  const result = spawnSync('python3', ['-c', READER], { input: xml, encoding: 'utf8' });

  assert.equal(result.error, undefined, 'python3 is needed to read XML reports back');
  assert.equal(result.status, 0, `not well-formed XML: ${result.stderr}`);

  const element = JSON.parse(result.stdout) as XmlElement;

  assert.equal(element.name, root);

  return element;
}
