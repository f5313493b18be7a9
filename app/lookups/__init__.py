"""What the counter asks the national systems before anything is scanned: the citizen's electronic data store
(Kho quản lý dữ liệu điện tử: which papers already exist and can be reused) and the identity source (is the
applicant known, has an e-ID account, at which assurance level). Each is an interface with an HTTP implementation
speaking a province gateway's calls (the reference receiver emulates them); every lookup is written to the audit
trail, since identity data is sensitive personal data."""
