//! The languages of the documents charte publishes (the public statement,
//! badges): every text in French and English in one table, with dates,
//! percentages and statuses written the way each language writes them.

use crate::date::Date;
use crate::manifest::Status;

/// The language of a published document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// Français
    #[default]
    Fr,
    /// English
    En,
}

/// Every text of the published documents. `{name}` marks a value filled in
/// with [`Lang::fill`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text {
    Title,
    Intro,
    IntroSigned,
    Federation,
    Contact,
    SelfAssessed,
    SummaryHeading,
    SummaryCaption,
    Unit,
    Organization,
    CharterCommitments,
    ApplicableCol,
    ApplicableShort,
    RateCol,
    RateShort,
    CommitmentsHeading,
    CommitmentsRate,
    CommitmentsCaption,
    CommitmentCol,
    TitleCol,
    StatusCol,
    DateCol,
    DeclaredOn,
    DueOn,
    EffectiveOn,
    ProductsHeading,
    NoProducts,
    ProductFacts,
    ProductRate,
    ByReferentialCaption,
    ReferentialCol,
    VersionCol,
    ConformCol,
    UnsubstantiatedCol,
    Unsubstantiated,
    PartialCol,
    NonConformCol,
    PlannedCol,
    NotApplicableCol,
    MissingCol,
    Total,
    NothingInForce,
    PlannedHeading,
    PlannedCaption,
    NoPlanned,
    DueCol,
    ForCol,
    RequirementCol,
    StateCol,
    Overdue,
    Scheduled,
    ReceiptsHeading,
    ReceiptsCaption,
    ReceiptCol,
    ReceivedCol,
    DigestCol,
    ReferentialsHeading,
    ReferentialsCaption,
    LabelCol,
    PublishedCol,
    Sha256Col,
    SourceLabel,
    Method,
    Footer,
    None,
    BadgeProduct,
    BadgeOrganization,
    BadgeMessage,
    BadgeTitleProduct,
    BadgeTitleOrganization,
}

impl Text {
    /// The French and the English text.
    fn both(self) -> (&'static str, &'static str) {
        use Text::*;
        match self {
            Title => (
                "Déclaration de conformité e-santé de {org}",
                "E-health conformity statement of {org}",
            ),
            Intro => (
                "{org} (SIREN {siren}) est signataire de la charte « Engagé pour la e-santé ». Conformément à l'engagement IV.6 de la charte, elle rend compte ici de ses engagements et de la conformité de ses produits aux référentiels de la e-santé.",
                "{org} (SIREN {siren}) signed the charter « Engagé pour la e-santé » (committed to e-health). As the charter's commitment IV.6 asks, it reports here on its commitments and on how its products conform to the e-health référentiels.",
            ),
            IntroSigned => (
                "{org} (SIREN {siren}) a signé la charte « Engagé pour la e-santé » le {date}. Conformément à l'engagement IV.6 de la charte, elle rend compte ici de ses engagements et de la conformité de ses produits aux référentiels de la e-santé.",
                "{org} (SIREN {siren}) signed the charter « Engagé pour la e-santé » (committed to e-health) on {date}. As the charter's commitment IV.6 asks, it reports here on its commitments and on how its products conform to the e-health référentiels.",
            ),
            Federation => ("Fédération : {federation}.", "Federation: {federation}."),
            Contact => ("Contact : {contact}", "Contact: {contact}"),
            SelfAssessed => (
                "Ces informations sont les déclarations de l'éditeur (auto-évaluation) à la date du {date}. Elles ne valent ni certification ni référencement par les pouvoirs publics.",
                "This information is the publisher's own declaration (self-assessment) as of {date}. It is neither a certification nor a referencing by the public authorities.",
            ),
            SummaryHeading => ("Synthèse", "Summary"),
            SummaryCaption => (
                "Taux de conformité aux exigences en vigueur, pour l'organisation et chaque produit",
                "Conformity rate to the requirements in force, for the organization and each product",
            ),
            Unit => ("Périmètre", "Scope"),
            Organization => ("Organisation", "Organization"),
            CharterCommitments => ("Engagements de la charte", "Charter commitments"),
            ApplicableCol => ("Exigences applicables", "Applicable requirements"),
            ApplicableShort => ("Applicables", "Applicable"),
            RateCol => ("Taux de conformité", "Conformity rate"),
            RateShort => ("Taux", "Rate"),
            CommitmentsHeading => ("Engagements de la charte", "Charter commitments"),
            CommitmentsRate => (
                "{rate} des engagements obligatoires en vigueur sont tenus ({conform} sur {total}).",
                "{rate} of the mandatory commitments in force are met ({conform} of {total}).",
            ),
            CommitmentsCaption => (
                "Engagements des industriels (chapitre IV de la charte) et leur état",
                "The industry's commitments (chapter IV of the charter) and their status",
            ),
            CommitmentCol => ("Engagement", "Commitment"),
            TitleCol => ("Intitulé", "Title"),
            StatusCol => ("État", "Status"),
            DateCol => ("Date", "Date"),
            DeclaredOn => ("déclaré le {date}", "declared on {date}"),
            DueOn => ("échéance le {date}", "due on {date}"),
            EffectiveOn => ("en vigueur le {date}", "in force on {date}"),
            ProductsHeading => ("Produits", "Products"),
            NoProducts => (
                "L'organisation ne déclare aucun produit.",
                "The organization declares no product.",
            ),
            ProductFacts => (
                "Type : {kind}. Services socles intégrés : {services}.",
                "Kind: {kind}. Core services integrated: {services}.",
            ),
            ProductRate => (
                "Conformité aux exigences obligatoires en vigueur : {rate} ({conform} exigences conformes sur {total}).",
                "Conformity to the mandatory requirements in force: {rate} ({conform} of {total} requirements conform).",
            ),
            ByReferentialCaption => (
                "Exigences applicables à {product}, par référentiel",
                "Requirements applicable to {product}, by référentiel",
            ),
            ReferentialCol => ("Référentiel", "Référentiel"),
            VersionCol => ("Version", "Version"),
            ConformCol => ("Conformes", "Conform"),
            UnsubstantiatedCol => (
                "Déclarées conformes, preuve manquante ou expirée",
                "Declared conform, proof missing or out of date",
            ),
            Unsubstantiated => (
                "Déclaré conforme, preuve manquante ou expirée",
                "Declared conform, proof missing or out of date",
            ),
            PartialCol => ("Partielles", "Partial"),
            NonConformCol => ("Non conformes", "Non-conform"),
            PlannedCol => ("Prévues", "Planned"),
            NotApplicableCol => ("Non applicables", "Not applicable"),
            MissingCol => ("Non déclarées", "Not declared"),
            Total => ("Ensemble", "All"),
            NothingInForce => (
                "Aucune exigence en vigueur ne s'applique à ce produit.",
                "No requirement in force applies to this product.",
            ),
            PlannedHeading => ("Travaux prévus", "Planned work"),
            PlannedCaption => (
                "Mises en conformité prévues, par échéance",
                "Planned conformity work, by due date",
            ),
            NoPlanned => ("Aucun travail prévu n'est déclaré.", "No planned work is declared."),
            DueCol => ("Échéance", "Due"),
            ForCol => ("Pour", "For"),
            RequirementCol => ("Exigence", "Requirement"),
            StateCol => ("Avancement", "Progress"),
            Overdue => ("En retard", "Overdue"),
            Scheduled => ("À venir", "Scheduled"),
            ReceiptsHeading => ("Dépôts au registre", "Registry submissions"),
            ReceiptsCaption => (
                "Dernier dépôt accepté par le registre, par produit",
                "Latest submission accepted by the registry, per product",
            ),
            ReceiptCol => ("Accusé de réception", "Receipt"),
            ReceivedCol => ("Reçu le", "Received"),
            DigestCol => ("Empreinte du dépôt", "Submission digest"),
            ReferentialsHeading => ("Référentiels utilisés", "Référentiels used"),
            ReferentialsCaption => (
                "Versions des référentiels au regard desquelles la conformité est déclarée",
                "Versions of the référentiels against which conformity is declared",
            ),
            LabelCol => ("Intitulé", "Title"),
            PublishedCol => ("Publié le", "Published"),
            Sha256Col => ("Empreinte SHA-256", "SHA-256 digest"),
            SourceLabel => ("texte officiel : {source}", "official text: {source}"),
            Method => (
                "Le taux de conformité compte les seules exigences obligatoires (DOIT) en vigueur : exigences déclarées conformes ÷ (exigences applicables − exigences non applicables). Une exigence déclarée conforme dont une preuve manque, a expiré ou ne correspond pas est décomptée à part (déclaré conforme, preuve manquante ou expirée) et ne compte pas comme conforme. Les préconisations (PEUT) sont décomptées mais n'entrent pas dans le taux.",
                "The conformity rate counts only the mandatory requirements (SHALL) in force: requirements declared conform ÷ (applicable requirements − requirements not applicable). A requirement declared conform whose proof is missing, expired or does not match is counted apart (declared conform, proof missing or out of date) and not as conform. Recommendations (MAY) are listed but do not enter the rate.",
            ),
            Footer => (
                "Déclaration établie le {date} avec charte {version}.",
                "Statement produced on {date} with charte {version}.",
            ),
            None => ("aucun", "none"),
            BadgeProduct => ("e-santé", "e-health"),
            BadgeOrganization => ("charte e-santé", "e-health charter"),
            BadgeMessage => ("{rate} conforme", "{rate} conform"),
            BadgeTitleProduct => (
                "{product} : {rate} de conformité aux exigences e-santé en vigueur (déclaration de l'éditeur du {date})",
                "{product}: {rate} conformity to the e-health requirements in force (publisher's declaration of {date})",
            ),
            BadgeTitleOrganization => (
                "{org} : {rate} des engagements de la charte « Engagé pour la e-santé » tenus (déclaration du {date})",
                "{org}: {rate} of the commitments of the charter « Engagé pour la e-santé » met (declaration of {date})",
            ),
        }
    }
}

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Lang {
    /// The BCP 47 tag, for `lang` attributes.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    pub fn text(self, text: Text) -> &'static str {
        let (fr, en) = text.both();
        match self {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }

    /// A text with its `{name}` placeholders replaced.
    pub fn fill(self, text: Text, values: &[(&str, &str)]) -> String {
        let mut s = self.text(text).to_string();
        for (name, value) in values {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    /// `1er janvier 2027`, `1 January 2027`.
    pub fn date(self, date: Date) -> String {
        let (y, m, d) = date.ymd();
        let month = m as usize - 1;
        match self {
            Lang::Fr if d == 1 => format!("1er {} {y}", MONTHS_FR[month]),
            Lang::Fr => format!("{d} {} {y}", MONTHS_FR[month]),
            Lang::En => format!("{d} {} {y}", MONTHS_EN[month]),
        }
    }

    /// A rate in [0, 1] as a whole percentage: `96 %` (no-break space) in
    /// French, `96%` in English.
    pub fn percent(self, rate: f64) -> String {
        // As `check` writes it, so that both always agree.
        let n = rate * 100.0;
        match self {
            Lang::Fr => format!("{n:.0}\u{a0}%"),
            Lang::En => format!("{n:.0}%"),
        }
    }

    /// A kind of product: the abbreviation the référentiels use.
    pub fn kind(self, kind: &str) -> String {
        match (kind, self) {
            ("mes-app", Lang::Fr) => "application pour Mon espace santé".to_string(),
            ("mes-app", Lang::En) => "Mon espace santé application".to_string(),
            ("other", Lang::Fr) => "autre".to_string(),
            ("other", Lang::En) => "other".to_string(),
            _ => kind.to_uppercase(),
        }
    }

    /// A declared status, or `None` for a requirement not declared.
    pub fn status(self, status: Option<Status>) -> &'static str {
        let (fr, en) = match status {
            Some(Status::Conform) => ("Conforme", "Conform"),
            Some(Status::Partial) => ("Partiellement conforme", "Partially conform"),
            Some(Status::NonConform) => ("Non conforme", "Non-conform"),
            Some(Status::Planned) => ("Prévu", "Planned"),
            Some(Status::NotApplicable) => ("Non applicable", "Not applicable"),
            None => ("Non déclaré", "Not declared"),
        };
        match self {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_rates_read_as_each_language_writes_them() {
        let d: Date = "2027-01-01".parse().unwrap();
        assert_eq!(Lang::Fr.date(d), "1er janvier 2027");
        assert_eq!(Lang::En.date(d), "1 January 2027");
        let d: Date = "2026-11-23".parse().unwrap();
        assert_eq!(Lang::Fr.date(d), "23 novembre 2026");
        assert_eq!(Lang::Fr.percent(0.96), "96\u{a0}%");
        assert_eq!(Lang::En.percent(0.96), "96%");
        assert_eq!(
            Lang::Fr.fill(Text::Footer, &[("date", "hier"), ("version", "1.0")]),
            "Déclaration établie le hier avec charte 1.0."
        );
    }
}
