"""Naming traditions for the invented people of the demo: given names by gender and
family names that belong together, so that nobody is called "Mei Haddad", and the
countries and home language that go with each tradition (in fi, sv and en).

Russian and Ukrainian names are spelt as Finnish registers spell them (Jelena,
Natalja, Oleksii); Russian family names take the woman's form (Ivanova)."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

Texts = dict[str, str]


def texts(fi: str, sv: str, en: str) -> Texts:
    return {"fi": fi, "sv": sv, "en": en}


@dataclass(frozen=True)
class Origin:
    women: tuple[str, ...]
    men: tuple[str, ...]
    surnames: tuple[str, ...]
    countries: tuple[Texts, ...] = ()  # none for the Finnish traditions
    language: Texts | None = None  # the home language, as a mentor's wish names it
    women_surnames: tuple[str, ...] = ()  # a woman's form, where the language has one

    def full_name(self, gender: str, rng: random.Random) -> str:
        woman = gender == "woman"
        surnames = self.women_surnames if woman and self.women_surnames else self.surnames
        return f"{rng.choice(self.women if woman else self.men)} {rng.choice(surnames)}"


def _split(names: str) -> tuple[str, ...]:
    return tuple(names.split())


ORIGINS = {
    "finnish": Origin(
        _split(
            "Anna Maria Sari Tiina Päivi Minna Johanna Kaisa Katja Riikka Satu Heidi Marja "
            "Pirjo Leena Outi Hanna Laura Elina Susanna Anne Merja Tuula Kirsi Jaana Sanna "
            "Eeva Maarit Heli Noora Emmi Essi Aino"
        ),
        _split(
            "Mikko Juha Timo Jari Markku Antti Petri Janne Matti Pekka Ville Jukka Sami Tommi "
            "Harri Kari Heikki Lauri Olli Tuomas Ari Jussi Esa Mika Teemu Joonas"
        ),
        _split(
            "Virtanen Korhonen Mäkinen Nieminen Mäkelä Hämäläinen Laine Heikkinen Koskinen "
            "Järvinen Lehtonen Lehtinen Saarinen Salminen Heinonen Niemi Heikkilä Kinnunen "
            "Salonen Turunen Salo Laitinen Tuominen Rantanen Karjalainen Jokinen Mattila "
            "Savolainen Lahtinen Ahonen Aaltonen Leppänen Manninen Ojala Kallio Väisänen"
        ),
    ),
    "finland_swedish": Origin(
        _split(
            "Ann-Christin Camilla Johanna Malin Linnea Stina Annika Jessica Sofia Pia "
            "Gunilla Mikaela Ulrika Cecilia Emma Elin"
        ),
        _split(
            "Mikael Johan Fredrik Henrik Anders Kim Patrik Stefan Jonas Niklas Christoffer "
            "Mats Björn Tom"
        ),
        _split(
            "Lindqvist Holmström Sundberg Ekholm Björkman Grönroos Nyberg Lindholm Westerlund "
            "Forsman Åberg Sjöblom Lindström Nordström Engström Blomqvist Wikström Österberg"
        ),
    ),
    "arabic": Origin(
        _split("Amina Fatima Zainab Rania Huda Noor Layla Salma Mariam Rasha Dina Hiba Reem Lina"),
        _split("Ahmed Mohammed Omar Ali Hassan Karim Yousef Khaled Tariq Samir Mustafa Ammar"),
        _split(
            "Al-Hashimi Haddad Khalil Mansour Nasser Saleh Abdullah Hamdan Al-Jabouri Darwish "
            "Ibrahim Youssef Farouk"
        ),
        (texts("Irak", "Irak", "Iraq"), texts("Syyria", "Syrien", "Syria")),
        texts("arabia", "arabiska", "Arabic"),
    ),
    "somali": Origin(
        _split("Hodan Sahra Fadumo Ifrah Hibaaq Maryan Nimco Sagal Ayaan Deeqa Khadra Ubah"),
        _split("Abdi Mohamed Abdirahman Yusuf Mahad Liban Abdullahi Said Farah"),
        _split("Abdi Hassan Mohamed Farah Warsame Ali Osman Jama Nur Aden Ismail Hirsi"),
        (texts("Somalia", "Somalia", "Somalia"),),
        texts("somali", "somaliska", "Somali"),
    ),
    "russian": Origin(
        _split(
            "Anna Olga Natalja Svetlana Jekaterina Irina Tatjana Jelena Maria Anastasia "
            "Julia Darja Ksenia Marina"
        ),
        _split("Aleksei Dmitri Sergei Ivan Mihail Andrei Nikolai Pavel Artjom Maksim Roman"),
        _split(
            "Ivanov Smirnov Kuznetsov Popov Sokolov Lebedev Kozlov Novikov Morozov Volkov "
            "Pavlov Orlov"
        ),
        (texts("Venäjä", "Ryssland", "Russia"),),
        texts("venäjä", "ryska", "Russian"),
        _split(
            "Ivanova Smirnova Kuznetsova Popova Sokolova Lebedeva Kozlova Novikova Morozova "
            "Volkova Pavlova Orlova"
        ),
    ),
    "ukrainian": Origin(
        _split(
            "Olena Oksana Iryna Kateryna Julija Tetiana Nataliia Viktoriia Anastasiia Halyna "
            "Svitlana Sofiia Alina"
        ),
        _split("Oleksandr Oleksii Andrii Dmytro Serhii Jurii Mykola Taras Bohdan Ihor"),
        _split(
            "Shevchenko Kovalenko Bondarenko Tkachenko Kravchenko Melnyk Boiko Kovalchuk "
            "Savchuk Marchenko Lysenko Rudenko Polishchuk"
        ),
        (texts("Ukraina", "Ukraina", "Ukraine"),),
        texts("ukraina", "ukrainska", "Ukrainian"),
    ),
    "persian": Origin(
        _split(
            "Maryam Fatemeh Zahra Shirin Parisa Nazanin Mina Roya Neda Azadeh Golnaz Mahsa "
            "Farzana Shabnam Nilofar"
        ),
        _split("Reza Hossein Mehdi Amir Hamid Farhad Babak Kian Saeed Arash Jawad Nasir"),
        _split(
            "Ahmadi Hosseini Rahimi Karimi Moradi Rezaei Jafari Mohammadi Sadeghi Hashemi "
            "Rostami Sharifi Amiri Hakimi Sultani Noori"
        ),
        (texts("Iran", "Iran", "Iran"), texts("Afganistan", "Afghanistan", "Afghanistan")),
        texts("persia", "persiska", "Persian"),
    ),
    "kurdish": Origin(
        _split("Shilan Rojin Berfin Zilan Dilan Nazdar Gulistan Jiyan Avin Viyan Kajal Sozan"),
        _split("Karwan Rebwar Hawre Soran Dilshad Aram Shvan Rizgar Baran Diyar Azad Kawa"),
        _split("Hawrami Mahmoud Kareem Rashid Salih Qadir Hamad Othman Baban Jaff Sharif"),
        (texts("Irak", "Irak", "Iraq"), texts("Iran", "Iran", "Iran")),
        texts("kurdi", "kurdiska", "Kurdish"),
    ),
    "chinese": Origin(
        _split("Jing Xiaoling Mei Yan Hui Fang Ying Lan Xue Qian Yun Min Ting Wen"),
        _split("Wei Lei Jun Tao Hao Bo Yang Peng Jian Qiang Feng Ming"),
        _split("Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Lin"),
        (texts("Kiina", "Kina", "China"),),
        texts("kiina", "kinesiska", "Chinese"),
    ),
    "vietnamese": Origin(
        _split("Linh Hoa Lan Mai Thao Huong Ngoc Trang Thu Hanh Phuong Hien Nhung"),
        _split("Minh Tuan Hung Duc Quang Long Thanh Nam Huy Khanh Son"),
        _split("Nguyen Tran Le Pham Hoang Phan Vu Vo Dang Bui Do Ngo Duong"),
        (texts("Vietnam", "Vietnam", "Vietnam"),),
        texts("vietnam", "vietnamesiska", "Vietnamese"),
    ),
    "turkish": Origin(
        _split("Ayşe Elif Zeynep Merve Esra Büşra Fatma Emine Seda Derya Gizem Selin"),
        _split("Mehmet Mustafa Emre Burak Murat Kerem Can Serkan Onur Hakan"),
        _split("Yılmaz Kaya Demir Şahin Çelik Yıldız Aydın Öztürk Arslan Doğan Kılıç"),  # noqa: RUF001
        (texts("Turkki", "Turkiet", "Turkey"),),
        texts("turkki", "turkiska", "Turkish"),
    ),
    "estonian": Origin(
        _split("Kadri Triin Kristiina Liis Mari Merle Piret Kätlin Tiina Helen Kaja Eve Marju"),
        _split("Andres Jaan Toomas Margus Priit Tõnu Rein Indrek Kalle Martin Siim Tanel"),
        _split("Tamm Saar Sepp Mägi Kask Kukk Rebane Ilves Pärn Koppel Lepik Oja Kuusk Laur"),
        (texts("Viro", "Estland", "Estonia"),),
        texts("viro", "estniska", "Estonian"),
    ),
    "indian": Origin(
        _split("Priya Anjali Divya Kavya Sneha Pooja Lakshmi Deepa Meera Swati Neha Shreya"),
        _split("Rahul Arjun Vikram Rohit Sandeep Karthik Suresh Arun Ravi Aditya Nikhil"),
        _split("Sharma Patel Reddy Nair Iyer Gupta Singh Kumar Rao Menon Joshi Pillai Desai"),
        (texts("Intia", "Indien", "India"),),
        texts("hindi", "hindi", "Hindi"),
    ),
    "nepali": Origin(
        _split("Sita Gita Anita Sunita Sarita Pratima Bimala Sabina Rojina Manisha Srijana"),
        _split("Ram Hari Bikash Suman Sanjay Rajesh Bishal Prakash Santosh Roshan Sagar"),
        _split("Shrestha Gurung Tamang Thapa Rai Magar Adhikari Karki Bhattarai Poudel Khadka"),
        (texts("Nepal", "Nepal", "Nepal"),),
        texts("nepali", "nepali", "Nepali"),
    ),
    "bangladeshi": Origin(
        _split("Nusrat Sadia Tasnim Rumana Shaila Jannat Sharmin Tahmina Afsana"),
        _split("Tanvir Rashed Kamal Sabbir Mahmud Shafiq Arif Rakib Nazmul Imran"),
        _split("Chowdhury Rahman Islam Hossain Uddin Alam Sarker Haque Miah"),
        (texts("Bangladesh", "Bangladesh", "Bangladesh"),),
        texts("bengali", "bengali", "Bengali"),
    ),
    "pakistani": Origin(
        _split("Ayesha Sana Hira Mahnoor Fariha Saima Amna Rabia"),
        _split("Usman Bilal Hamza Faisal Asif Zeeshan Adnan Imran"),
        _split("Khan Malik Qureshi Butt Siddiqui Chaudhry Shah Iqbal"),
        (texts("Pakistan", "Pakistan", "Pakistan"),),
        texts("urdu", "urdu", "Urdu"),
    ),
    "filipino": Origin(
        _split("Kristine Angelica Jennifer Rowena Marites Liza Jocelyn Maricel Joy Rhea"),
        _split("Jomar Rodel Ramil Arnel Jerome Carlo Ronald Dennis"),
        _split("Santos Reyes Cruz Bautista Ocampo Mendoza Villanueva Ramos Aquino Castillo"),
        (texts("Filippiinit", "Filippinerna", "the Philippines"),),
        texts("tagalog", "tagalog", "Tagalog"),
    ),
    "nigerian": Origin(
        _split("Chioma Ngozi Adaeze Funmilayo Blessing Amaka Folake Ifeoma Yetunde Nneka"),
        _split("Chinedu Emeka Tunde Ikenna Babatunde Obinna Segun Femi Kelechi Uche"),
        _split("Okafor Adeyemi Okonkwo Eze Nwosu Ogunleye Balogun Obi Adebayo Afolabi"),
        (texts("Nigeria", "Nigeria", "Nigeria"),),
        texts("joruba", "yoruba", "Yoruba"),
    ),
    "spanish": Origin(
        _split("Lucía Valentina Andrea Carolina Daniela Paola Sofía Gabriela Alejandra Ximena"),
        _split("Alejandro Carlos Diego Javier Andrés Juan Miguel Santiago Luis Pablo Jorge"),
        _split("García Rodríguez Martínez López González Hernández Pérez Ramírez Torres Flores"),
        (
            texts("Meksiko", "Mexiko", "Mexico"),
            texts("Kolumbia", "Colombia", "Colombia"),
            texts("Espanja", "Spanien", "Spain"),
        ),
        texts("espanja", "spanska", "Spanish"),
    ),
    "brazilian": Origin(
        _split("Ana Mariana Camila Fernanda Juliana Larissa Beatriz Luciana"),
        _split("João Pedro Lucas Rafael Thiago Gustavo Felipe Bruno Matheus"),
        _split("Silva Santos Oliveira Souza Costa Pereira Almeida Ferreira Gomes Carvalho"),
        (texts("Brasilia", "Brasilien", "Brazil"),),
        texts("portugali", "portugisiska", "Portuguese"),
    ),
}


def mail_name(name: str) -> str:
    """The name as the local part of an address: "Ayşe Çelik" → "ayse.celik"."""
    dotless_i = "\u0131"  # Turkish, which NFKD leaves as it is
    folded = unicodedata.normalize("NFKD", name.replace(dotless_i, "i")).encode("ascii", "ignore")
    return ".".join(folded.decode().lower().split())
