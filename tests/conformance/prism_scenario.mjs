// The scenario the Prism conformance test drives through the proxy (prism_conformance.mjs), and the
// violations it allows. Data only: add a step to cover a new operation.
//
// A step:
//   name     what it does, for the report
//   op       the spec operation it calls, "METHOD /SpecPath" (exceptions below are keyed on it)
//   method, path (relative to the spec's server, /api.xro/2.0), query, headers, body
//   tenant   'nz' (default) or 'uk': the demo organisation it calls; 'unconnected': a tenant id
//            the grant is not connected to
//   token    'valid' (default) or 'bogus': a bearer token the emulator never issued
//   expect   the status the emulator must answer
//   capture  { name: 'Json.path.0.Field' }: values of the answer to use in later steps
//   pending  true for operations other helpers are still adding: while the emulator answers
//            404 or 405 for the route, or for the step's control call (it does not know them
//            yet), the step is skipped, not failed; it switches on by itself when they land
//   needs    names of captured values the step waits for, beyond those it uses (so that a pending
//            step whose answer is the same before its endpoint exists, such as an unknown id's
//            404, waits for the endpoint)
//   control  {method, path, body}: a call to the emulator's control API (directly, not through
//            Prism) made just before the step, e.g. to spend a tenant's daily budget
//   probe    a violation Prism must report for this step (proves violations are collected)
//
// '@{name}' anywhere in path, query or body is replaced by a captured value (nzTenant and ukTenant
// are there from the start); a step whose values are missing (their step was skipped or failed) is
// skipped.

export const kTenants = {
  nz: '7a3c1f5e-2b4d-4e6f-8a9b-0c1d2e3f4a51',
  uk: '9b4d2a6f-3c5e-4f70-9bac-1d2e3f4a5b62',
};

// A tenant id no grant is connected to.
export const kUnconnectedTenant = '00000000-0000-4000-8000-00000000dead';

const line = (description, quantity, unit, account, tax) => ({
  Description: description,
  Quantity: quantity,
  UnitAmount: unit,
  AccountCode: account,
  TaxType: tax,
});

export const kSteps = [
  // ---- Settings and contact reads (implemented) ----
  {name: 'organisation (NZ)', op: 'GET /Organisation', path: '/Organisation', expect: 200},
  {name: 'organisation (UK)', op: 'GET /Organisation', path: '/Organisation', tenant: 'uk',
   expect: 200},
  {name: 'accounts', op: 'GET /Accounts', path: '/Accounts', expect: 200,
   capture: {account: 'Accounts.0.AccountID'}},
  {name: 'accounts where Type=="BANK"', op: 'GET /Accounts', path: '/Accounts',
   query: {where: 'Status=="ACTIVE" AND Type=="BANK"', order: 'Name ASC'}, expect: 200},
  {name: 'accounts modified since', op: 'GET /Accounts', path: '/Accounts',
   headers: {'If-Modified-Since': '2020-02-06T12:17:43.202-08:00'}, expect: 200},
  {name: 'account by id', op: 'GET /Accounts/{AccountID}', path: '/Accounts/@{account}',
   expect: 200},
  {name: 'account, unknown id', op: 'GET /Accounts/{AccountID}',
   path: '/Accounts/00000000-0000-4000-8000-000000000404', expect: 404},
  {name: 'tax rates', op: 'GET /TaxRates', path: '/TaxRates', expect: 200},
  {name: 'tax rates (UK)', op: 'GET /TaxRates', path: '/TaxRates', tenant: 'uk', expect: 200},
  {name: 'tax rates where', op: 'GET /TaxRates', path: '/TaxRates',
   query: {where: 'TaxType=="OUTPUT2"'}, expect: 200},
  {name: 'tax rate by type', op: 'GET /TaxRates/{TaxType}', path: '/TaxRates/OUTPUT2',
   expect: 200},
  {name: 'currencies', op: 'GET /Currencies', path: '/Currencies', expect: 200},
  {name: 'tracking categories', op: 'GET /TrackingCategories', path: '/TrackingCategories',
   expect: 200, capture: {trackingCategory: 'TrackingCategories.0.TrackingCategoryID'}},
  {name: 'tracking category by id', op: 'GET /TrackingCategories/{TrackingCategoryID}',
   path: '/TrackingCategories/@{trackingCategory}', expect: 200},
  {name: 'tracking categories with archived', op: 'GET /TrackingCategories',
   path: '/TrackingCategories', query: {includeArchived: 'true'}, expect: 200},
  {name: 'contacts', op: 'GET /Contacts', path: '/Contacts', expect: 200,
   capture: {contact: 'Contacts.0.ContactID', contact2: 'Contacts.1.ContactID'}},
  {name: 'contacts, page 1 of 3', op: 'GET /Contacts', path: '/Contacts',
   query: {page: '1', pageSize: '3'}, expect: 200},
  {name: 'contacts with archived', op: 'GET /Contacts', path: '/Contacts',
   query: {includeArchived: 'true', summaryOnly: 'false'}, expect: 200},
  {name: 'contacts where, search, IDs', op: 'GET /Contacts', path: '/Contacts',
   query: {where: 'ContactStatus=="ACTIVE"', searchTerm: 'a', IDs: '@{contact},@{contact2}'},
   expect: 200},
  {name: 'contacts modified since', op: 'GET /Contacts', path: '/Contacts',
   headers: {'If-Modified-Since': '2025-12-03T00:00:00Z'}, expect: 200},
  {name: 'contact by id', op: 'GET /Contacts/{ContactID}', path: '/Contacts/@{contact}',
   expect: 200},
  {name: 'contact, unknown id', op: 'GET /Contacts/{ContactID}',
   path: '/Contacts/00000000-0000-4000-8000-000000000404', expect: 404},
  {name: 'contact by number', op: 'GET /Contacts/{ContactNumber}', path: '/Contacts/CUST-001',
   expect: 200},
  // The UK organisation's data differs (tax rates, currencies, contacts): its answers too.
  {name: 'accounts (UK)', op: 'GET /Accounts', path: '/Accounts', tenant: 'uk', expect: 200},
  {name: 'currencies (UK)', op: 'GET /Currencies', path: '/Currencies', tenant: 'uk',
   expect: 200},
  {name: 'tracking categories (UK)', op: 'GET /TrackingCategories', path: '/TrackingCategories',
   tenant: 'uk', query: {includeArchived: 'true'}, expect: 200},
  {name: 'contacts (UK) with archived, paged', op: 'GET /Contacts', path: '/Contacts',
   tenant: 'uk', query: {includeArchived: 'true', page: '1'}, expect: 200,
   capture: {ukContact: 'Contacts.0.ContactID'}},
  {name: 'contact by id (UK)', op: 'GET /Contacts/{ContactID}', path: '/Contacts/@{ukContact}',
   tenant: 'uk', expect: 200},

  // ---- Identity's answers on accounting calls (implemented) ----
  {name: 'organisation, unknown token', op: 'GET /Organisation', path: '/Organisation',
   token: 'bogus', expect: 401},
  {name: 'contacts, tenant not connected', op: 'GET /Contacts', path: '/Contacts',
   tenant: 'unconnected', expect: 403},

  // ---- Rate limits (implemented): the UK organisation's daily budget spent; NZ carries on ----
  {name: 'tax rates (UK), daily limit reached', op: 'GET /TaxRates', path: '/TaxRates',
   tenant: 'uk', expect: 429,
   control: {method: 'POST', path: '/_emulator/tenants/@{ukTenant}/spend-day',
             body: {calls: 100000}}},

  // ---- Xero's server errors, injected through the control API's fault rules (helper `faults`):
  // pending until POST /_emulator/faults exists. Each rule fires once.
  {name: 'organisation, Xero\'s 500', op: 'GET /Organisation', path: '/Organisation',
   expect: 500, pending: true,
   control: {method: 'POST', path: '/_emulator/faults',
             body: {path: '/api.xro/2.0/Organisation', kind: '500', times: 1}}},
  {name: 'contacts, 503 offline for maintenance', op: 'GET /Contacts', path: '/Contacts',
   expect: 503, pending: true,
   control: {method: 'POST', path: '/_emulator/faults',
             body: {path: '/api.xro/2.0/Contacts', kind: '503-text', times: 1}}},

  // The organisation taken offline, and back, through the control API (helper `control`).
  {name: 'currencies, organisation offline', op: 'GET /Currencies', path: '/Currencies',
   expect: 503, pending: true,
   control: {method: 'POST', path: '/_emulator/tenants/@{nzTenant}/offline'}},
  {name: 'currencies, organisation back online', op: 'GET /Currencies', path: '/Currencies',
   expect: 200, pending: true,
   control: {method: 'POST', path: '/_emulator/tenants/@{nzTenant}/online'}},

  // ---- Probe: Prism must see a bad request, or the violations are not being collected ----
  {name: 'probe: page is not an integer', op: 'GET /Contacts', path: '/Contacts',
   query: {page: 'first'}, expect: 200,
   probe: {location: 'request.query.page', severity: 'Error'}},

  // ---- Settings writes (implemented) ----
  {name: 'create an account', op: 'PUT /Accounts', method: 'PUT', path: '/Accounts',
   body: {Code: '455', Name: 'Conformance Subscriptions', Type: 'EXPENSE'}, expect: 200,
   capture: {newAccount: 'Accounts.0.AccountID'}},
  {name: 'account code taken: 400', op: 'PUT /Accounts', method: 'PUT', path: '/Accounts',
   body: {Code: '200', Name: 'Conformance Other', Type: 'REVENUE'}, expect: 400},
  {name: 'update the account', op: 'POST /Accounts/{AccountID}', method: 'POST',
   path: '/Accounts/@{newAccount}',
   body: {Accounts: [{Code: '455', Name: 'Conformance Software', Type: 'EXPENSE'}]},
   expect: 200},
  {name: 'delete the account', op: 'DELETE /Accounts/{AccountID}', method: 'DELETE',
   path: '/Accounts/@{newAccount}', expect: 200},
  {name: 'subscribe a currency', op: 'PUT /Currencies', method: 'PUT', path: '/Currencies',
   body: {Code: 'JPY', Description: 'Japanese Yen'}, expect: 200},
  {name: 'create a tax rate', op: 'PUT /TaxRates', method: 'PUT', path: '/TaxRates',
   body: {TaxRates: [{Name: 'Conformance levy', TaxComponents: [{Name: 'Levy', Rate: 2.25}]}]},
   expect: 200, capture: {newTaxType: 'TaxRates.0.TaxType'}},
  {name: 'the new tax rate', op: 'GET /TaxRates/{TaxType}', path: '/TaxRates/@{newTaxType}',
   expect: 200},
  {name: 'delete the tax rate', op: 'POST /TaxRates', method: 'POST', path: '/TaxRates',
   body: {TaxRates: [{TaxType: '@{newTaxType}', Status: 'DELETED'}]}, expect: 200},
  {name: 'a third tracking category: 400', op: 'PUT /TrackingCategories', method: 'PUT',
   path: '/TrackingCategories', body: {Name: 'Project'}, expect: 400},
  {name: 'add a tracking option', op: 'PUT /TrackingCategories/{TrackingCategoryID}/Options',
   method: 'PUT', path: '/TrackingCategories/@{trackingCategory}/Options', body: {Name: 'East'},
   expect: 200, capture: {newOption: 'Options.0.TrackingOptionID'}},
  {name: 'rename the option',
   op: 'POST /TrackingCategories/{TrackingCategoryID}/Options/{TrackingOptionID}',
   method: 'POST', path: '/TrackingCategories/@{trackingCategory}/Options/@{newOption}',
   body: {Name: 'East Coast'}, expect: 200},
  {name: 'delete the option',
   op: 'DELETE /TrackingCategories/{TrackingCategoryID}/Options/{TrackingOptionID}',
   method: 'DELETE', path: '/TrackingCategories/@{trackingCategory}/Options/@{newOption}',
   expect: 200},
  {name: 'delete the tracking category', op: 'DELETE /TrackingCategories/{TrackingCategoryID}',
   method: 'DELETE', path: '/TrackingCategories/@{trackingCategory}', expect: 200},
  {name: 'create a tracking category', op: 'PUT /TrackingCategories', method: 'PUT',
   path: '/TrackingCategories', body: {Name: 'Project'}, expect: 200,
   capture: {newCategory: 'TrackingCategories.0.TrackingCategoryID'}},
  {name: 'rename the tracking category', op: 'POST /TrackingCategories/{TrackingCategoryID}',
   method: 'POST', path: '/TrackingCategories/@{newCategory}', body: {Name: 'Projects'},
   expect: 200},

  // ==== WRITES: pending until the emulator implements them (skipped while it answers 404/405) ====
  // Contacts (the lead).
  {name: 'create a contact', op: 'PUT /Contacts', method: 'PUT', path: '/Contacts',
   body: {Contacts: [{Name: 'Conformance Ltd', ContactNumber: 'CONF-001',
                      EmailAddress: 'accounts@conformance.example'}]},
   headers: {'Idempotency-Key': 'conformance-create-contact-1'},
   expect: 200, capture: {newContact: 'Contacts.0.ContactID'}, pending: true},
  {name: 'the same create again, same Idempotency-Key: replayed', op: 'PUT /Contacts',
   method: 'PUT', path: '/Contacts',
   body: {Contacts: [{Name: 'Conformance Ltd', ContactNumber: 'CONF-001',
                      EmailAddress: 'accounts@conformance.example'}]},
   headers: {'Idempotency-Key': 'conformance-create-contact-1'}, expect: 200, pending: true},
  {name: 'the same Idempotency-Key, another request: 400', op: 'PUT /Contacts', method: 'PUT',
   path: '/Contacts', body: {Contacts: [{Name: 'Someone Else Ltd'}]},
   headers: {'Idempotency-Key': 'conformance-create-contact-1'}, expect: 400, pending: true},
  {name: 'create or update contacts', op: 'POST /Contacts', method: 'POST', path: '/Contacts',
   body: {Contacts: [{Name: 'Conformance Two Ltd'}]}, expect: 200, pending: true},
  {name: 'update a contact', op: 'POST /Contacts/{ContactID}', method: 'POST',
   path: '/Contacts/@{newContact}',
   body: {Contacts: [{ContactID: '@{newContact}', FirstName: 'Ada', LastName: 'Lovelace'}]},
   expect: 200, pending: true},
  {name: 'duplicate name, summarised: 400', op: 'PUT /Contacts', method: 'PUT',
   path: '/Contacts', body: {Contacts: [{Name: 'Conformance Ltd'}]}, expect: 400,
   pending: true},
  {name: 'duplicate name, summarizeErrors=false: 200', op: 'PUT /Contacts', method: 'PUT',
   path: '/Contacts', query: {summarizeErrors: 'false'},
   body: {Contacts: [{Name: 'Conformance Ltd'}, {Name: 'Conformance Three Ltd'}]},
   expect: 200, pending: true},

  // Invoices (helper `invoices`).
  {name: 'create an authorised sales invoice', op: 'PUT /Invoices', method: 'PUT',
   path: '/Invoices',
   body: {Invoices: [{Type: 'ACCREC', Contact: {ContactID: '@{contact}'}, Date: '2026-01-05',
                      DueDate: '2026-02-05', LineAmountTypes: 'Exclusive', Status: 'AUTHORISED',
                      Reference: 'CONF-REF-1',
                      LineItems: [line('Widgets', 2, 50, '200', 'OUTPUT2')]}]},
   expect: 200,
   capture: {invoice: 'Invoices.0.InvoiceID', invoiceNumber: 'Invoices.0.InvoiceNumber'},
   pending: true},
  {name: 'create a draft bill', op: 'POST /Invoices', method: 'POST', path: '/Invoices',
   body: {Invoices: [{Type: 'ACCPAY', Contact: {ContactID: '@{contact2}'}, Date: '2026-01-05',
                      DueDate: '2026-02-05', InvoiceNumber: 'BILL-CONF-1', Status: 'DRAFT',
                      LineItems: [line('Paper', 3, 7.25, '400', 'INPUT2')]}]},
   expect: 200, capture: {draftBill: 'Invoices.0.InvoiceID'}, pending: true},
  {name: 'update the draft bill', op: 'POST /Invoices/{InvoiceID}', method: 'POST',
   path: '/Invoices/@{draftBill}', body: {Invoices: [{Reference: 'updated by conformance'}]},
   expect: 200, pending: true},
  {name: 'invoices', op: 'GET /Invoices', path: '/Invoices', expect: 200, pending: true},
  {name: 'invoices by number, paged', op: 'GET /Invoices', path: '/Invoices',
   query: {where: 'InvoiceNumber=="@{invoiceNumber}"', page: '1', pageSize: '10'}, expect: 200,
   pending: true},
  {name: 'invoices by IDs and statuses', op: 'GET /Invoices', path: '/Invoices',
   query: {IDs: '@{invoice}', Statuses: 'AUTHORISED,DRAFT'}, expect: 200, pending: true},
  {name: 'invoice by id', op: 'GET /Invoices/{InvoiceID}', path: '/Invoices/@{invoice}',
   expect: 200, pending: true},
  {name: 'invoice, unknown id', op: 'GET /Invoices/{InvoiceID}',
   path: '/Invoices/00000000-0000-4000-8000-000000000404', needs: ['invoice'], expect: 404,
   pending: true},

  // Credit notes and allocations (helper `invoices`).
  {name: 'create an authorised credit note', op: 'PUT /CreditNotes', method: 'PUT',
   path: '/CreditNotes',
   body: {CreditNotes: [{Type: 'ACCRECCREDIT', Contact: {ContactID: '@{contact}'},
                         Date: '2026-01-06', LineAmountTypes: 'Exclusive', Status: 'AUTHORISED',
                         LineItems: [line('Returned widget', 1, 10, '200', 'OUTPUT2')]}]},
   expect: 200, capture: {creditNote: 'CreditNotes.0.CreditNoteID'}, pending: true},
  {name: 'create a draft credit note', op: 'POST /CreditNotes', method: 'POST',
   path: '/CreditNotes',
   body: {CreditNotes: [{Type: 'ACCRECCREDIT', Contact: {ContactID: '@{contact}'},
                         Date: '2026-01-06', Status: 'DRAFT',
                         LineItems: [line('Goodwill', 1, 5, '200', 'OUTPUT2')]}]},
   expect: 200, capture: {draftCreditNote: 'CreditNotes.0.CreditNoteID'}, pending: true},
  {name: 'update the draft credit note', op: 'POST /CreditNotes/{CreditNoteID}',
   method: 'POST', path: '/CreditNotes/@{draftCreditNote}',
   body: {CreditNotes: [{Reference: 'updated by conformance'}]}, expect: 200, pending: true},
  {name: 'allocate the credit note to the invoice',
   op: 'PUT /CreditNotes/{CreditNoteID}/Allocations', method: 'PUT',
   path: '/CreditNotes/@{creditNote}/Allocations',
   body: {Allocations: [{Invoice: {InvoiceID: '@{invoice}'}, Amount: 5, Date: '2026-01-07'}]},
   expect: 200, capture: {allocation: 'Allocations.0.AllocationID'}, pending: true},
  {name: 'credit notes', op: 'GET /CreditNotes', path: '/CreditNotes', expect: 200,
   pending: true},
  {name: 'credit note by id', op: 'GET /CreditNotes/{CreditNoteID}',
   path: '/CreditNotes/@{creditNote}', expect: 200, pending: true},
  {name: 'credit note, unknown id', op: 'GET /CreditNotes/{CreditNoteID}',
   path: '/CreditNotes/00000000-0000-4000-8000-000000000404', needs: ['creditNote'],
   expect: 404, pending: true},
  {name: 'delete the allocation',
   op: 'DELETE /CreditNotes/{CreditNoteID}/Allocations/{AllocationID}', method: 'DELETE',
   path: '/CreditNotes/@{creditNote}/Allocations/@{allocation}', expect: 200, pending: true},

  // Payments (helper `payments`).
  {name: 'pay part of the invoice', op: 'PUT /Payments', method: 'PUT', path: '/Payments',
   body: {Payments: [{Invoice: {InvoiceID: '@{invoice}'}, Account: {Code: '090'},
                      Date: '2026-01-08', Amount: 20, Reference: 'CONF-PAY-1'}]},
   expect: 200, capture: {payment: 'Payments.0.PaymentID'}, pending: true},
  {name: 'pay more (single payment)', op: 'POST /Payments', method: 'POST', path: '/Payments',
   body: {Invoice: {InvoiceID: '@{invoice}'}, Account: {Code: '090'}, Date: '2026-01-09',
          Amount: 10},
   expect: 200, pending: true},
  {name: 'payments', op: 'GET /Payments', path: '/Payments', expect: 200, pending: true},
  {name: 'payment by id', op: 'GET /Payments/{PaymentID}', path: '/Payments/@{payment}',
   expect: 200, pending: true},
  {name: 'payment, unknown id', op: 'GET /Payments/{PaymentID}',
   path: '/Payments/00000000-0000-4000-8000-000000000404', needs: ['payment'], expect: 404,
   pending: true},
  {name: 'delete the first payment', op: 'POST /Payments/{PaymentID}', method: 'POST',
   path: '/Payments/@{payment}', body: {Status: 'DELETED'}, expect: 200, pending: true},

  // Bank transactions (helper `payments`).
  {name: 'spend money', op: 'PUT /BankTransactions', method: 'PUT', path: '/BankTransactions',
   body: {BankTransactions: [{Type: 'SPEND', Contact: {ContactID: '@{contact2}'},
                              BankAccount: {Code: '090'}, Date: '2026-01-10',
                              LineAmountTypes: 'Exclusive', Reference: 'CONF-SPEND-1',
                              LineItems: [line('Stationery', 1, 20, '400', 'INPUT2')]}]},
   expect: 200, capture: {bankTransaction: 'BankTransactions.0.BankTransactionID'},
   pending: true},
  {name: 'receive money', op: 'POST /BankTransactions', method: 'POST',
   path: '/BankTransactions',
   body: {BankTransactions: [{Type: 'RECEIVE', Contact: {ContactID: '@{contact}'},
                              BankAccount: {Code: '090'}, Date: '2026-01-11',
                              LineItems: [line('Cash sale', 1, 30, '200', 'OUTPUT2')]}]},
   expect: 200, pending: true},
  {name: 'update the spend', op: 'POST /BankTransactions/{BankTransactionID}', method: 'POST',
   path: '/BankTransactions/@{bankTransaction}',
   body: {BankTransactions: [{Type: 'SPEND', Contact: {ContactID: '@{contact2}'},
                              BankAccount: {Code: '090'}, Reference: 'CONF-SPEND-1b',
                              LineItems: [line('Stationery', 1, 20, '400', 'INPUT2')]}]},
   expect: 200, pending: true},
  {name: 'bank transactions', op: 'GET /BankTransactions', path: '/BankTransactions',
   query: {page: '1'}, expect: 200, pending: true},
  {name: 'bank transaction by id', op: 'GET /BankTransactions/{BankTransactionID}',
   path: '/BankTransactions/@{bankTransaction}', expect: 200, pending: true},
  {name: 'bank transaction, unknown id', op: 'GET /BankTransactions/{BankTransactionID}',
   path: '/BankTransactions/00000000-0000-4000-8000-000000000404', needs: ['bankTransaction'],
   expect: 404, pending: true},

  // Last: the invoice with its payments and credit, read back.
  {name: 'invoice after payments and credit', op: 'GET /Invoices/{InvoiceID}',
   path: '/Invoices/@{invoice}', expect: 200, pending: true},
];

// Operations whose request and response bodies Prism 5.14.2 cannot validate: it cannot compile
// their schemas (recursive through other schemas: Invoice -> Payment -> Invoice ...), reports
// nothing, and spends 5-10 s of CPU on the attempt at every request (measured 2026-11-21). The test
// sends these straight to the emulator and checks them with its own validator only
// (spec_validator.mjs), which checks every other step too. BankTransactions compile: through Prism.
export const kPrismCannotValidate = new Set([
  'GET /Invoices', 'PUT /Invoices', 'POST /Invoices', 'GET /Invoices/{InvoiceID}',
  'POST /Invoices/{InvoiceID}',
  'GET /CreditNotes', 'PUT /CreditNotes', 'POST /CreditNotes', 'GET /CreditNotes/{CreditNoteID}',
  'POST /CreditNotes/{CreditNoteID}', 'PUT /CreditNotes/{CreditNoteID}/Allocations',
  'DELETE /CreditNotes/{CreditNoteID}/Allocations/{AllocationID}',
  'GET /Payments', 'PUT /Payments', 'POST /Payments', 'GET /Payments/{PaymentID}',
  'POST /Payments/{PaymentID}',
]);

// Violations the test allows, each where the spec contradicts Xero's documented behaviour
// (FACTS.md). An allowance matches a violation of a step whose `op` matches `ops` ('*' for any),
// whose answer had `status`, at `location` (dot-joined; array indices as '*'), with a message
// matching `message`. docs/emulator.md lists the same table; keep them together.
export const kExceptions = [
  {
    ops: ['GET /Accounts/{AccountID}', 'GET /Contacts/{ContactID}', 'GET /Invoices/{InvoiceID}',
          'GET /CreditNotes/{CreditNoteID}', 'GET /Payments/{PaymentID}',
          'GET /BankTransactions/{BankTransactionID}'],
    status: 404,
    location: 'response',
    message: /^Unable to match the returned status code with those defined in the document/,
    reason: 'The spec declares only 200 for reads by id; Xero answers an unknown id with 404 and ' +
        'the plain-text body "The resource you\'re looking for cannot be found" (FACTS.md §4.2).',
  },
  {
    ops: ['GET /Contacts/{ContactNumber}'],
    status: 200,
    location: 'request.path.contactid',
    message: /must match format "uuid"$/,
    reason: 'The spec has GET /Contacts/{ContactNumber} and GET /Contacts/{ContactID} on the same ' +
        'path shape; Prism routes /Contacts/CUST-001 to the second and finds the number is not a ' +
        'uuid. Reading a contact by its number at this path is the spec\'s own ' +
        'getContactByContactNumber operation; the answer is checked against its schema.',
  },
  {
    ops: ['*'],
    status: 401,
    location: 'response',
    message: /^Unable to match the returned status code with those defined in the document/,
    reason: 'The spec declares no 401; Xero answers an unknown or expired token (and a missing ' +
        'scope) with 401 and its ProblemDetails JSON (FACTS.md §1.5, §4.2).',
  },
  {
    ops: ['*'],
    status: 429,
    location: 'response',
    message: /^Unable to match the returned status code with those defined in the document/,
    reason: 'The spec declares no 429; Xero answers a call over a rate limit with 429, ' +
        'X-Rate-Limit-Problem and Retry-After (FACTS.md §2).',
  },
  {
    ops: ['*'],
    status: 500,
    location: 'response',
    message: /^Unable to match the returned status code with those defined in the document/,
    reason: 'The spec declares no 500; Xero answers its own failures with 500 and a JSON ' +
        'problem body (FACTS.md §4.2).',
  },
  {
    ops: ['*'],
    status: 503,
    location: 'response',
    message: /^Unable to match the returned status code with those defined in the document/,
    reason: 'The spec declares no 503; Xero answers maintenance and an organisation being ' +
        'offline with 503 and a plain-text body (FACTS.md §4.2).',
  },
  {
    ops: ['*'],
    status: 403,
    location: 'response',
    message: /^Unable to match the returned status code with those defined in the document/,
    reason: 'The spec declares no 403; Xero answers a missing, wrong or disconnected ' +
        'xero-tenant-id with 403 AuthenticationUnsuccessful (FACTS.md §1.5, §4.2).',
  },
];
