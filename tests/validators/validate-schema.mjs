#!/usr/bin/env node
// Validates MySQL resources against the editor JSON Schema (schemas/mysql.schema.json) with ajv, the way
// yaml-language-server would: proves the generated schema accepts what mysqlrender accepts and rejects the rest.
//
// usage: node validate-schema.mjs SCHEMA FILE...
// One line per MySQL document: "ok FILE#N" or "error FILE#N: path message; ...". Documents of other kinds are
// ignored. Exit 0 when every document is valid, 1 otherwise, 2 on a usage error or unreadable input.

import { readFileSync } from "node:fs";
import Ajv from "ajv";
import { parseAllDocuments } from "yaml";

const [schemaPath, ...files] = process.argv.slice(2);
if (!schemaPath || files.length === 0) {
  console.error("usage: node validate-schema.mjs SCHEMA FILE...");
  process.exit(2);
}

// strictRequired is off: the oneOf branches name properties declared one level up, which is valid JSON Schema.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));

let invalid = 0;
for (const file of files) {
  const documents = parseAllDocuments(readFileSync(file, "utf8"), { version: "1.1", uniqueKeys: false });
  documents.forEach((document, index) => {
    const value = document.toJS();
    if (value?.kind !== "MySQL") return;
    if (validate(value)) {
      console.log(`ok ${file}#${index}`);
      return;
    }
    invalid++;
    const messages = validate.errors.map((e) => `${e.instancePath || "/"} ${e.message}`);
    console.log(`error ${file}#${index}: ${messages.join("; ")}`);
  });
}
process.exit(invalid > 0 ? 1 : 0);
