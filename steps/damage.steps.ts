/** Given steps that damage a built request on purpose (src/envelope/mutate.ts): one mutation each. */
import { Given } from '@cucumber/cucumber';
import type { ConformanceWorld } from './support/world.ts';

type W = ConformanceWorld;

Given('the request is cut off after {int} bytes', function (this: W, bytes: number) {
  this.damage({ kind: 'truncate', bytes });
});

Given('the request body is empty', function (this: W) {
  this.damage({ kind: 'empty' });
});

Given('a DOCTYPE declaring an entity is put before the envelope, and the entity used as an id', function (this: W) {
  this.damage({ kind: 'doctype' });
});

Given('a processing instruction is put before the envelope', function (this: W) {
  this.damage({ kind: 'processing-instruction' });
});

Given('the XML declaration names the encoding {string} while the bytes are UTF-8', function (this: W, encoding: string) {
  this.damage({ kind: 'declare-encoding', encoding });
});

Given('the declaration of the {string} prefix is removed', function (this: W, prefix: string) {
  this.damage({ kind: 'undeclare-prefix', prefix });
});

Given('the Body appears twice', function (this: W) {
  this.damage({ kind: 'body-twice' });
});

Given('the Header comes after the Body', function (this: W) {
  this.damage({ kind: 'header-after-body' });
});

Given('an element follows the Body', function (this: W) {
  this.damage({ kind: 'element-after-body' });
});

Given('the Envelope carries a SOAP encodingStyle attribute', function (this: W) {
  this.damage({ kind: 'encoding-style' });
});

Given('the Body holds the text {string} before the operation', function (this: W, text: string) {
  this.damage({ kind: 'text-in-body', text });
});

Given('the text {string} stands between the int items', function (this: W, text: string) {
  this.damage({ kind: 'text-between-items', text });
});

Given('a second element follows the operation in the Body', function (this: W) {
  this.damage({ kind: 'second-body-element' });
});

Given('the operation element holds an undeclared child', function (this: W) {
  this.damage({ kind: 'extra-operation-child' });
});

Given('the first int item carries the undeclared attribute {string}', function (this: W, name: string) {
  this.damage({ kind: 'undeclared-item-attribute', name });
});

Given('a header block nested {int} elements deep', function (this: W, depth: number) {
  this.damage({ kind: 'deep-header-block', depth });
});

Given('the request is sent with the HTTP method {string}', function (this: W, method: string) {
  this.method = method;
});
